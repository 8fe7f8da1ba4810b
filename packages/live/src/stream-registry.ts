import type { FrameEncoding } from '@showflow/capture-sdk/wire';
import type { LiveErrorCode } from './errors.ts';
import type { CaptureClock } from './sender-clock.ts';

export type { CaptureClock } from './sender-clock.ts';

export interface LiveFrame {
  seq: number;
  /**
   * Epoch ms at capture. Data channel and WebSocket frames carry the sender's capture time;
   * video tracks map the RTP timestamp with the sender's RTCP sender reports, and until the
   * first report use the arrival of the packet that completed the picture.
   */
  captureTs: number;
  /** Where `captureTs` comes from: the sender's clock, or only the arrival time. */
  clock: CaptureClock;
  width: number;
  height: number;
  /**
   * `raw` is packed RGB24, width × height × 3 bytes; `yuv420` (video tracks) is planar I420
   * in full-range BT.601, as the pipeline's `yuv420` frames.
   */
  encoding: FrameEncoding | 'yuv420';
  data: Buffer;
}

/** Decoded audio of a live track: interleaved float PCM, 10 ms per block. */
export interface LiveAudio {
  seq: number;
  sampleRate: number;
  channels: 1 | 2;
  samples: Float32Array;
  captureTs: number;
  clock: CaptureClock;
}

/** The last coded failure on a stream (decoder, size limit, sender gone). */
export interface StreamError {
  code: LiveErrorCode;
  message: string;
  at: number;
}

export type StreamState = 'live' | 'no signal';

export interface StreamCounters {
  received: number;
  /** Corrupt (SF604) or oversized (SF605) frames refused by reassembly. */
  rejected: number;
  /**
   * Frames lost before the gateway: seq gaps (the sender dropped them under backpressure,
   * or they arrived incomplete), and video frames received before a decodable key frame.
   */
  dropped: number;
}

export interface StreamStatus {
  streamId: string;
  state: StreamState;
  counters: StreamCounters;
  sessions: number;
  lastFrameAt?: number;
  lastRejectReason?: string;
  /** Clock of the latest frame's capture time. */
  clock?: CaptureClock;
  lastError?: StreamError;
  /** Audio blocks delivered (0 when the sender sends no audio). */
  audioBlocks: number;
}

type FrameListener = (frame: LiveFrame) => void;
type AudioListener = (audio: LiveAudio) => void;
type StateListener = (state: StreamState) => void;

interface StreamEntry {
  state: StreamState;
  counters: StreamCounters;
  frameListeners: Set<FrameListener>;
  stateListeners: Set<StateListener>;
  audioListeners: Set<AudioListener>;
  sessions: Set<string>;
  lastFrameAt?: number;
  lastRejectReason?: string;
  clock?: CaptureClock;
  lastError?: StreamError;
  audioBlocks: number;
}

/**
 * Live streams by id: who is subscribed, whether frames are arriving, and what was lost.
 * A stream is `no signal` until its first frame and again after `noSignalMs` of silence.
 */
export class StreamRegistry {
  private readonly streams = new Map<string, StreamEntry>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly noSignalMs: number,
    private readonly onListenerError: (error: unknown, streamId: string) => void,
  ) {
    this.timer = setInterval(() => this.checkSignals(), Math.max(50, noSignalMs / 4));
    this.timer.unref();
  }

  subscribe(streamId: string, listener: FrameListener): () => void {
    const entry = this.entry(streamId);
    entry.frameListeners.add(listener);
    return () => entry.frameListeners.delete(listener);
  }

  subscribeAudio(streamId: string, listener: AudioListener): () => void {
    const entry = this.entry(streamId);
    entry.audioListeners.add(listener);
    return () => entry.audioListeners.delete(listener);
  }

  onState(streamId: string, listener: StateListener): () => void {
    const entry = this.entry(streamId);
    entry.stateListeners.add(listener);
    return () => entry.stateListeners.delete(listener);
  }

  status(streamId: string): StreamStatus {
    const e = this.entry(streamId);
    return {
      streamId,
      state: e.state,
      counters: { ...e.counters },
      sessions: e.sessions.size,
      lastFrameAt: e.lastFrameAt,
      lastRejectReason: e.lastRejectReason,
      clock: e.clock,
      lastError: e.lastError,
      audioBlocks: e.audioBlocks,
    };
  }

  list(): StreamStatus[] {
    return [...this.streams.keys()].map((id) => this.status(id));
  }

  deliver(streamId: string, frame: LiveFrame): void {
    const entry = this.entry(streamId);
    entry.counters.received++;
    entry.lastFrameAt = Date.now();
    entry.clock = frame.clock;
    this.setState(entry, 'live');
    for (const listener of entry.frameListeners) {
      // One faulty subscriber must not starve the others or kill the ingest path.
      try {
        listener(frame);
      } catch (error) {
        this.onListenerError(error, streamId);
      }
    }
  }

  deliverAudio(streamId: string, audio: LiveAudio): void {
    const entry = this.entry(streamId);
    entry.audioBlocks++;
    for (const listener of entry.audioListeners) {
      try {
        listener(audio);
      } catch (error) {
        this.onListenerError(error, streamId);
      }
    }
  }

  /** Records a coded failure; the capture node shows it. */
  fail(streamId: string, code: LiveErrorCode, message: string): void {
    this.entry(streamId).lastError = { code, message, at: Date.now() };
  }

  reject(streamId: string, reason: string): void {
    const entry = this.entry(streamId);
    entry.counters.rejected++;
    entry.lastRejectReason = reason;
  }

  drop(streamId: string, count = 1): void {
    this.entry(streamId).counters.dropped += count;
  }

  sessionCount(streamId: string): number {
    return this.streams.get(streamId)?.sessions.size ?? 0;
  }

  addSession(streamId: string, sessionId: string): void {
    this.entry(streamId).sessions.add(sessionId);
  }

  removeSession(streamId: string, sessionId: string): void {
    this.streams.get(streamId)?.sessions.delete(sessionId);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private checkSignals(): void {
    const now = Date.now();
    for (const entry of this.streams.values()) {
      if (entry.state === 'live' && (entry.lastFrameAt ?? 0) < now - this.noSignalMs) this.setState(entry, 'no signal');
    }
  }

  private setState(entry: StreamEntry, state: StreamState): void {
    if (entry.state === state) return;
    entry.state = state;
    for (const listener of entry.stateListeners) listener(state);
  }

  private entry(streamId: string): StreamEntry {
    let entry = this.streams.get(streamId);
    if (!entry) {
      entry = {
        state: 'no signal',
        counters: { received: 0, rejected: 0, dropped: 0 },
        frameListeners: new Set(),
        stateListeners: new Set(),
        audioListeners: new Set(),
        sessions: new Set(),
        audioBlocks: 0,
      };
      this.streams.set(streamId, entry);
    }
    return entry;
  }
}
