import { randomUUID } from 'node:crypto';
import { DEFAULT_CHUNK_PAYLOAD_BYTES, encodeFrameChunks, readFrameAck } from '@showflow/capture-sdk/wire';
import type { RTCPeerConnection } from 'werift';
import { LiveError } from './errors.ts';
import { answerOffer, createPeerConnection, type IceOptions } from './peer-config.ts';
import { offerHasDataChannel } from './sdp-check.ts';
import { ViewerLink, type LatestFrame } from './viewer-link.ts';

export interface ViewerHubOptions {
  /** A viewer whose channel holds more than this is skipped for the frame: latest frame, never a backlog. */
  maxBufferedBytes?: number;
  /** A viewer with this many frames unacknowledged gets the latest frame only when it answers (default 2). */
  maxFramesInFlight?: number;
  chunkBytes?: number;
  maxViewersPerPipeline?: number;
  /** A viewer that could take no frame for this long is disconnected (it vanished or cannot keep up at all). */
  stalledViewerMs?: number;
  ice?: IceOptions;
}

export interface PublishMeta {
  seq: number;
  captureTs: number;
  width?: number;
  height?: number;
}

export interface PipelineViewStats {
  viewers: number;
  published: number;
  /** Frame deliveries summed over viewers. */
  delivered: number;
  /** Frames a viewer never got because a newer one replaced them while its channel was busy. */
  dropped: number;
}

interface Viewer {
  sessionId: string;
  pc: RTCPeerConnection;
  /** Set once the viewer's data channel arrives. */
  link?: ViewerLink;
}

interface Pipeline {
  viewers: Map<string, Viewer>;
  latest?: LatestFrame;
  stats: Omit<PipelineViewStats, 'viewers'>;
}

/** Fans composed JPEG frames out to WHEP-style viewers over data channels. */
export class ViewerHub {
  private readonly pipelines = new Map<string, Pipeline>();
  private readonly options: Required<Omit<ViewerHubOptions, 'ice'>> & { ice: IceOptions };

  constructor(options: ViewerHubOptions = {}) {
    this.options = {
      maxBufferedBytes: options.maxBufferedBytes ?? 256 * 1024,
      maxFramesInFlight: options.maxFramesInFlight ?? 2,
      chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_PAYLOAD_BYTES,
      maxViewersPerPipeline: options.maxViewersPerPipeline ?? 100,
      stalledViewerMs: options.stalledViewerMs ?? 10_000,
      ice: options.ice ?? {},
    };
  }

  publish(pipelineId: string, jpeg: Buffer, meta: PublishMeta): void {
    const pipeline = this.pipeline(pipelineId);
    const chunks = encodeFrameChunks(
      { seq: meta.seq, captureTs: meta.captureTs, width: meta.width ?? 0, height: meta.height ?? 0, encoding: 'jpeg' },
      jpeg,
      this.options.chunkBytes,
    ).map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    pipeline.latest = { seq: meta.seq, chunks };
    pipeline.stats.published++;
    const now = Date.now();
    for (const viewer of pipeline.viewers.values()) {
      if (!viewer.link?.open) continue;
      const { superseded, sent } = viewer.link.publish(pipeline.latest, now);
      if (superseded) pipeline.stats.dropped++;
      if (sent) pipeline.stats.delivered++;
      else if (now - viewer.link.lastDeliveredAt > this.options.stalledViewerMs) this.endSession(pipelineId, viewer.sessionId);
    }
  }

  async openWhepSession(pipelineId: string, offerSdp: string): Promise<{ sessionId: string; answer: string }> {
    if (!offerHasDataChannel(offerSdp)) {
      throw new LiveError('SF607', 'the viewer offer has no data channel (frames are delivered over one)', 400);
    }
    const pipeline = this.pipeline(pipelineId);
    if (pipeline.viewers.size >= this.options.maxViewersPerPipeline) {
      throw new LiveError('SF603', `pipeline ${pipelineId} has ${pipeline.viewers.size} viewers, the limit`, 409);
    }
    const sessionId = randomUUID();
    const pc = createPeerConnection(this.options.ice);
    const viewer: Viewer = { sessionId, pc };
    pipeline.viewers.set(sessionId, viewer);
    pc.onDataChannel.subscribe((channel) => {
      const link = new ViewerLink(channel, this.options, Date.now());
      viewer.link = link;
      const count = (sent: boolean) => {
        if (sent) pipeline.stats.delivered++;
      };
      channel.onMessage.subscribe((message) => {
        const seq = typeof message === 'string' ? undefined : readFrameAck(message);
        if (seq !== undefined) count(link.acknowledge(seq, pipeline.latest, Date.now()));
      });
      if (channel.readyState === 'open') count(link.start(pipeline.latest, Date.now()));
      else channel.stateChanged.subscribe((state) => state === 'open' && count(link.start(pipeline.latest, Date.now())));
    });
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'failed' || state === 'closed') this.endSession(pipelineId, sessionId);
    });
    try {
      return { sessionId, answer: await answerOffer(pc, offerSdp) };
    } catch (error) {
      this.endSession(pipelineId, sessionId);
      throw new LiveError('SF601', `the WebRTC stack refused the offer: ${(error as Error).message}`, 400);
    }
  }

  endSession(pipelineId: string, sessionId: string): boolean {
    const viewers = this.pipelines.get(pipelineId)?.viewers;
    const viewer = viewers?.get(sessionId);
    if (!viewer || !viewers) return false;
    viewers.delete(sessionId);
    void viewer.pc.close();
    return true;
  }

  stats(pipelineId: string): PipelineViewStats {
    const pipeline = this.pipeline(pipelineId);
    return { viewers: pipeline.viewers.size, ...pipeline.stats };
  }

  /** Pipelines that have published a frame or had a viewer. */
  pipelineIds(): string[] {
    return [...this.pipelines.keys()];
  }

  async close(): Promise<void> {
    for (const [pipelineId, pipeline] of this.pipelines) {
      for (const sessionId of [...pipeline.viewers.keys()]) this.endSession(pipelineId, sessionId);
    }
  }

  private pipeline(pipelineId: string): Pipeline {
    let pipeline = this.pipelines.get(pipelineId);
    if (!pipeline) {
      pipeline = { viewers: new Map(), stats: { published: 0, delivered: 0, dropped: 0 } };
      this.pipelines.set(pipelineId, pipeline);
    }
    return pipeline;
  }
}

export function createViewerHub(options?: ViewerHubOptions): ViewerHub {
  return new ViewerHub(options);
}
