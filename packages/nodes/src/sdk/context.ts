import type { Frame } from './values.ts';

/**
 * Hands out pixel buffers from the runtime's frame pool so the steady state allocates
 * nothing. A buffer from `alloc` belongs to the frame it is returned in: once the frame
 * is emitted the node must not keep or write it (the pool recycles it when the last
 * holder releases the frame). State a node keeps across frames uses its own memory.
 */
export interface FrameAllocator {
  alloc(byteLength: number): Buffer;
  /** Decoded raw RGB pixels of a frame (decodes JPEG once, converts I420; raw frames pass through). */
  raw(frame: Frame): Promise<Frame>;
  /**
   * The frame as I420 (`yuv420`): JPEG decoded straight to its YCbCr planes (once per
   * frame), raw RGB converted, I420 passed through. Optional so allocators written
   * before it keep compiling; nodes reach it through `yuvFrame(ctx.frames, frame)`
   * from the pixels module, which converts directly when an allocator lacks it.
   */
  yuv?(frame: Frame): Promise<Frame>;
}

export type StatusLevel = 'ok' | 'warn' | 'error' | 'idle';

export interface NodeLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Runtime services a node may use (the generative layer, the orders service, live
 * ingest), looked up by name. Each service's package exports a typed accessor, e.g.
 * `generativeService(ctx)`, that checks the value and fails with a clear message when
 * the runtime does not provide it.
 */
export interface NodeServices {
  get(name: string): unknown;
}

/** Services for contexts with none, such as a bare test harness. */
export const noServices: NodeServices = { get: () => undefined };

/** What every lifecycle call gets. */
export interface BaseContext<Config> {
  readonly nodeId: string;
  readonly pipelineId: string;
  readonly config: Config;
  readonly frames: FrameAllocator;
  readonly log: NodeLogger;
  /** Shown under the node on the canvas, e.g. "no signal" or "cache 92%". */
  setStatus(level: StatusLevel, text: string): void;
  /** Wall clock in ms since the epoch, with sub-millisecond precision. */
  now(): number;
  /** Aborted when the node is stopped (redeploy, shutdown); long work should listen. */
  readonly signal: AbortSignal;
  readonly services: NodeServices;
}
