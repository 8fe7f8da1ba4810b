import type { LiveService } from '../../src/nodes/live-service.ts';
import type { LiveAudio, LiveFrame, StreamState, StreamStatus } from '../../src/stream-registry.ts';
import type { PipelineViewStats, PublishMeta } from '../../src/viewer-hub.ts';

export interface Published {
  pipelineId: string;
  jpeg: Buffer;
  meta: PublishMeta;
}

/** The live service without WebRTC: tests deliver frames and read what was published. */
export class FakeLiveService implements LiveService {
  readonly published: Published[] = [];
  viewers = 0;
  private readonly frameListeners = new Map<string, Set<(frame: LiveFrame) => void>>();
  private readonly audioListeners = new Map<string, Set<(audio: LiveAudio) => void>>();
  private readonly statuses = new Map<string, StreamStatus>();

  subscribeAudio(streamId: string, listener: (audio: LiveAudio) => void): () => void {
    const set = this.audioListeners.get(streamId) ?? new Set();
    this.audioListeners.set(streamId, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  /** An audio block as the gateway hands it on. */
  deliverAudio(streamId: string, audio: LiveAudio): void {
    this.mutate(streamId, (s) => s.audioBlocks++);
    for (const listener of this.audioListeners.get(streamId) ?? []) listener(audio);
  }

  subscribe(streamId: string, listener: (frame: LiveFrame) => void): () => void {
    const set = this.frameListeners.get(streamId) ?? new Set();
    this.frameListeners.set(streamId, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  onState(_streamId: string, _listener: (state: StreamState) => void): () => void {
    return () => undefined;
  }

  status(streamId: string): StreamStatus {
    let status = this.statuses.get(streamId);
    if (!status) {
      status = { streamId, state: 'no signal', counters: { received: 0, rejected: 0, dropped: 0 }, sessions: 0, audioBlocks: 0 };
      this.statuses.set(streamId, status);
    }
    return { ...status, counters: { ...status.counters } };
  }

  /** A frame as the gateway hands it on: the stream turns live. */
  deliver(streamId: string, frame: LiveFrame): void {
    this.mutate(streamId, (s) => {
      s.state = 'live';
      s.counters.received++;
    });
    for (const listener of this.frameListeners.get(streamId) ?? []) listener(frame);
  }

  mutate(streamId: string, change: (status: StreamStatus) => void): void {
    const status = this.status(streamId);
    change(status);
    this.statuses.set(streamId, status);
  }

  listenerCount(streamId: string): number {
    return this.frameListeners.get(streamId)?.size ?? 0;
  }

  publish(pipelineId: string, jpeg: Buffer, meta: PublishMeta): void {
    this.published.push({ pipelineId, jpeg: Buffer.from(jpeg), meta });
  }

  viewerStats(): PipelineViewStats {
    return { viewers: this.viewers, published: this.published.length, delivered: 0, dropped: 0 };
  }
}
