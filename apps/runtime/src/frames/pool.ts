import type { Frame } from '@showflow/nodes/sdk';
import { decodeFrame, decodeToI420 } from './codec.ts';

/** A small number that stands for a pooled frame inside Node-RED messages. */
export type FrameHandle = number;

interface Entry {
  handle: FrameHandle;
  frame: Frame;
  refs: number;
  /** Set when the frame's bytes came from `alloc`, so they can be recycled with it. */
  ownsBuffer: boolean;
  /** Conversions made for consumers, shared by all of them while the frame lives. */
  raw?: Promise<Frame>;
  yuv?: Promise<Frame>;
}

export interface PoolStats {
  /** Frames currently held by at least one reference. */
  liveHandles: number;
  /** Sum of references over live frames. */
  refs: number;
  /** Buffers created because no recycled buffer of the size was free. */
  allocated: number;
  /** Buffers handed out again from the free list. */
  reused: number;
  /** Buffers returned to the free list when their frame's last holder released it. */
  recycled: number;
  freeBuffers: number;
  freeBytes: number;
}

export interface FramePoolOptions {
  /** Free buffers kept per byte size; more are left to the garbage collector. */
  maxFreePerSize?: number;
  /** Upper bound on bytes kept in free lists. */
  maxFreeBytes?: number;
}

/**
 * Owns every frame and image that travels between nodes. Node-RED messages carry only
 * the handle: Node-RED deep-clones messages on fan-out and copies typed arrays byte by
 * byte, which costs tens of milliseconds per 720p frame.
 *
 * Reference counting: the sender holds one reference while sending, each delivery takes
 * one, a consumer releases its reference when its run settles or when it drops the
 * message. When the count reaches zero the frame is forgotten and, if its bytes came
 * from `alloc`, the buffer goes back to a free list keyed by size.
 */
export class FramePool {
  private readonly entries = new Map<FrameHandle, Entry>();
  private readonly byFrame = new WeakMap<Frame, Entry>();
  /** Buffers handed out by `alloc` and not yet owned by a frame. */
  private readonly issued = new WeakSet<Buffer>();
  private readonly free = new Map<number, Buffer[]>();
  private nextHandle = 1;
  private freeBytes = 0;
  private counters = { allocated: 0, reused: 0, recycled: 0 };
  private readonly maxFreePerSize: number;
  private readonly maxFreeBytes: number;

  constructor(options: FramePoolOptions = {}) {
    this.maxFreePerSize = options.maxFreePerSize ?? 8;
    this.maxFreeBytes = options.maxFreeBytes ?? 256 * 1024 * 1024;
  }

  /** A buffer of exactly `byteLength` bytes, recycled when one of that size is free. */
  alloc(byteLength: number): Buffer {
    const list = this.free.get(byteLength);
    const reused = list?.pop();
    if (reused) {
      this.freeBytes -= byteLength;
      this.counters.reused++;
      this.issued.add(reused);
      return reused;
    }
    // Backed by shared memory, so the frame crosses to an isolated node's worker thread
    // without a copy; a buffer of its own, never a slice of Node's slab.
    const buffer = Buffer.from(new SharedArrayBuffer(byteLength));
    this.counters.allocated++;
    this.issued.add(buffer);
    return buffer;
  }

  /**
   * Puts a frame under the pool's care with one reference for the caller. A frame that is
   * already pooled (a node passing its input through) gains a reference instead.
   */
  adopt(frame: Frame): FrameHandle {
    const known = this.byFrame.get(frame);
    if (known && this.entries.has(known.handle)) {
      known.refs++;
      return known.handle;
    }
    const ownsBuffer = this.issued.has(frame.data);
    if (ownsBuffer) this.issued.delete(frame.data);
    const entry: Entry = { handle: this.nextHandle++, frame, refs: 1, ownsBuffer };
    this.entries.set(entry.handle, entry);
    this.byFrame.set(frame, entry);
    return entry.handle;
  }

  /**
   * Takes a shared buffer made elsewhere (an isolated node's worker) into the pool's care,
   * so it is recycled like one from `alloc` once the frame it carries is released.
   */
  claim(buffer: Buffer): void {
    if (buffer.buffer instanceof SharedArrayBuffer && buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength) this.issued.add(buffer);
  }

  retain(handle: FrameHandle, count = 1): void {
    const entry = this.entries.get(handle);
    if (!entry) throw new Error(`frame handle ${handle} is not live`);
    entry.refs += count;
  }

  release(handle: FrameHandle): void {
    const entry = this.entries.get(handle);
    if (!entry) throw new Error(`frame handle ${handle} released more often than retained`);
    if (--entry.refs > 0) return;
    this.entries.delete(handle);
    this.byFrame.delete(entry.frame);
    if (entry.ownsBuffer) this.recycle(entry.frame.data);
  }

  /** The frame behind a live handle. */
  get(handle: FrameHandle): Frame {
    const entry = this.entries.get(handle);
    if (!entry) throw new Error(`frame handle ${handle} is not live`);
    return entry.frame;
  }

  has(handle: FrameHandle): boolean {
    return this.entries.has(handle);
  }

  /**
   * Decoded pixels of a frame. A pooled JPEG frame is decoded once and the result kept
   * with it, so every consumer of the same frame shares one decode.
   */
  raw(frame: Frame): Promise<Frame> {
    if (frame.encoding === 'raw') return Promise.resolve(frame);
    const entry = this.byFrame.get(frame);
    if (!entry) return decodeFrame(frame);
    entry.raw ??= decodeFrame(frame);
    return entry.raw;
  }

  /**
   * The frame as I420 planes, kept with a pooled frame like `raw`: a JPEG decoded
   * straight to YCbCr once (TurboJPEG, or sharp + conversion without it), raw RGB
   * converted once, I420 passed through.
   */
  yuv(frame: Frame): Promise<Frame> {
    if (frame.encoding === 'yuv420') return Promise.resolve(frame);
    const entry = this.byFrame.get(frame);
    if (!entry) return decodeToI420(frame);
    entry.yuv ??= decodeToI420(frame);
    return entry.yuv;
  }

  stats(): PoolStats {
    let refs = 0;
    for (const e of this.entries.values()) refs += e.refs;
    let freeBuffers = 0;
    for (const list of this.free.values()) freeBuffers += list.length;
    return { liveHandles: this.entries.size, refs, ...this.counters, freeBuffers, freeBytes: this.freeBytes };
  }

  private recycle(buffer: Buffer): void {
    const size = buffer.byteLength;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    if (list.length >= this.maxFreePerSize || this.freeBytes + size > this.maxFreeBytes) return;
    list.push(buffer);
    this.freeBytes += size;
    this.counters.recycled++;
  }
}
