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
 */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly encoding: 'raw' | 'jpeg';
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

/** A stream or commerce event. Events are never dropped under load. */
export interface ShowEvent {
  kind: string;
  at: number;
  data?: Record<string, unknown>;
}

export interface PortValueMap {
  frame: Frame;
  image: Image;
  event: ShowEvent;
  number: number;
  text: string;
}

export type PortValue<T extends PortType> = PortValueMap[T];
