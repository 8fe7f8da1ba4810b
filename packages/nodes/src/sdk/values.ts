import type { PortType } from '@showflow/shared';

/**
 * A video frame or still image. Immutable once emitted: a node that changes pixels
 * writes a new buffer (from `ctx.frames.alloc`) and returns a new Frame.
 *
 * A frame handed to `run` is valid until that run settles (the runtime then releases
 * it and may recycle its buffer). A node that needs pixels later copies them into its
 * own state; the latest value of a non-trigger input is kept valid by the runtime.
 *
 * `raw` data is interleaved 8-bit RGB (channels 3) or RGBA (channels 4), row-major,
 * no padding. `jpeg` data is a JPEG file; `ctx.frames.raw(frame)` decodes it once.
 * `yuv420` data is planar I420 in full-range BT.601 YCbCr (JPEG's colour space): Y
 * (width × height), then U, then V (each ceil(width/2) × ceil(height/2)), no padding;
 * `channels` is 3. It is what JPEG stores, so a chain of nodes that works on it skips
 * the RGB conversions and touches half the bytes; `ctx.frames.yuv(frame)` gives any
 * frame in this form and `ctx.frames.raw(frame)` converts it back to RGB.
 */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly encoding: 'raw' | 'jpeg' | 'yuv420';
  readonly data: Buffer;
  /** Sequence number given by the source; images use it as their revision. */
  readonly seq: number;
  /** When the source captured it, ms since the Unix epoch (sub-millisecond precision). */
  readonly captureTs: number;
  /** Stable id for errors and logs: `<source node>#<seq>`. */
  readonly id: string;
}

/** A still picture such as an overlay. Same shape as a frame, usually RGBA. */
export type Image = Frame;

/**
 * A block of audio: interleaved 32-bit float PCM in [-1, 1], usually 10 ms (480 frames at
 * 48 kHz). Immutable once emitted, like a frame: a node that changes samples returns a new
 * block. Blocks are small (3.8 KB for 10 ms stereo), so they travel by value.
 */
export interface AudioBlock {
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  /** `channels` × frames samples, interleaved (L R L R …). */
  readonly samples: Float32Array;
  /** When the first sample was captured, ms since the Unix epoch. */
  readonly captureTs: number;
  /**
   * Where `captureTs` comes from: `sender` when the sender's clock mapped it (RTCP sender
   * reports), `arrival` when only the time the packet arrived is known, `local` for blocks a
   * node made (a file source, a sound effect).
   */
  readonly clock: 'sender' | 'arrival' | 'local';
  /** Counted by the source from 0. */
  readonly seq: number;
  /** Stable id for errors and logs: `<source node>#<seq>`. */
  readonly id: string;
}

/** A stream or commerce event. Events are never dropped under load. */
export interface ShowEvent {
  kind: string;
  at: number;
  data?: Record<string, unknown>;
}

export interface PortValueMap {
  frame: Frame;
  image: Image;
  audio: AudioBlock;
  event: ShowEvent;
  number: number;
  text: string;
}

export type PortValue<T extends PortType> = PortValueMap[T];
