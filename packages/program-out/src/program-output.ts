import type { IceOptions } from '@showflow/live';
import type { SoundCounters } from './encoder/av-feed.ts';
import { ProgramEncoder } from './encoder/program-encoder.ts';
import type { EncoderSettings, InputPicture } from './encoder/encoder-settings.ts';
import { ProgramOutError } from './errors.ts';
import { FanOut, type ViewerStats } from './rtp/fan-out.ts';
import { KeyframeRequests, type KeyframeRequestLimits } from './rtp/keyframe-requests.ts';
import { answerViewerOffer } from './whep/viewer-peer.ts';

export interface ProgramOutputOptions {
  pipelineId: string;
  nodeId: string;
  settings: EncoderSettings;
  maxViewers: number;
  ice?: IceOptions;
  ffmpegPath?: string;
  /** This output's HLS folder (each encoder run writes a version folder inside). */
  hlsRoot?: string;
  /** How often viewers' requests may force a keyframe out of the shared encoder. */
  keyframeLimits?: KeyframeRequestLimits;
  onProblem(message: string): void;
}

export interface ProgramOutputStats {
  pipelineId: string;
  nodeId: string;
  viewers: number;
  framesIn: number;
  framesDropped: number;
  keyframes: number;
  /** Keyframe requests from viewers (PLI, FIR, resyncs), and how many forced one. */
  keyframeRequests: number;
  keyframesForced: number;
  videoBytesOut: number;
  audioBytesOut: number;
  encoderRestarts: number;
  /** What the encoder did to keep the sound with its pictures (gaps, drops, slewing). */
  sound: SoundCounters;
  perViewer: ViewerStats[];
}

/** One program output: its encoder and the WHEP viewers it fans out to. */
export class ProgramOutput {
  private readonly encoder: ProgramEncoder;
  private readonly keyframeRequests: KeyframeRequests;
  private readonly fanOut: FanOut;

  constructor(readonly options: ProgramOutputOptions) {
    this.keyframeRequests = new KeyframeRequests(() => performance.now(), options.keyframeLimits);
    this.fanOut = new FanOut({
      playoutDelay: { minMs: 0, maxMs: options.settings.viewerMaxDelayMs },
      onKeyframeWanted: (viewerId) => {
        if (this.keyframeRequests.admit(viewerId)) this.encoder.requestKeyframe();
      },
    });
    this.encoder = new ProgramEncoder({
      settings: options.settings,
      ffmpegPath: options.ffmpegPath,
      hlsRoot: options.hlsRoot,
      onProblem: options.onProblem,
      onRtp: ({ kind, packet }) => (kind === 'video' ? this.fanOut.sendVideo(packet) : this.fanOut.sendAudio(packet)),
    });
  }

  /** Capture times on pictures and sound keep the sound with the picture captured with it. */
  writeFrame(i420: Buffer, picture: InputPicture, captureTs?: number): Promise<void> {
    return this.encoder.writeFrame(i420, picture, captureTs);
  }

  writeAudio(samples: Float32Array, channels: 1 | 2, captureTs?: number): void {
    this.encoder.writeAudio(samples, channels, captureTs);
  }

  /** Answers a WHEP offer; the viewer gets video from the next keyframe on. */
  async addViewer(offer: string): Promise<{ id: string; answer: string }> {
    if (this.fanOut.size >= this.options.maxViewers) {
      throw new ProgramOutError('SF632', `pipeline ${this.options.pipelineId} already has ${this.options.maxViewers} viewers`, 503);
    }
    const peer = await answerViewerOffer(offer, this.options.ice);
    this.fanOut.add(peer);
    peer.pc.connectionStateChange.subscribe((state) => {
      if (state === 'failed' || state === 'closed') void this.removeViewer(peer.id);
    });
    return { id: peer.id, answer: peer.answer };
  }

  /** Every encoded video packet as it reaches the fan-out; returns the unsubscribe. */
  observeVideo(observer: (packet: Buffer) => void): () => void {
    return this.fanOut.observeVideo(observer);
  }

  /** The HLS version being written now, if any. */
  get hls(): { version: string; dir: string } | undefined {
    return this.encoder.hls;
  }

  hasViewer(id: string): boolean {
    return this.fanOut.has(id);
  }

  async removeViewer(id: string): Promise<boolean> {
    const viewer = this.fanOut.remove(id);
    if (!viewer) return false;
    this.keyframeRequests.forget(id);
    await viewer.pc.close().catch(() => undefined);
    return true;
  }

  stats(): ProgramOutputStats {
    const c = this.encoder.counters;
    return {
      pipelineId: this.options.pipelineId,
      nodeId: this.options.nodeId,
      viewers: this.fanOut.size,
      framesIn: c.framesIn,
      framesDropped: c.framesDropped,
      keyframes: this.fanOut.keyframes,
      keyframeRequests: this.keyframeRequests.counters.received,
      keyframesForced: this.keyframeRequests.counters.forced,
      videoBytesOut: c.videoBytesOut,
      audioBytesOut: c.audioBytesOut,
      encoderRestarts: c.restarts,
      sound: c.sound,
      perViewer: this.fanOut.stats(),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.fanOut.all().map((v) => this.removeViewer(v.id)));
    await this.encoder.close();
  }
}
