import type { Frame, FrameAllocator } from '../sdk/index.ts';
import { decodeFrame, toI420Frame } from '../pixels/index.ts';

/** A FrameAllocator over plain Buffers that counts what it hands out, for tests and tools. */
export interface TestAllocator extends FrameAllocator {
  readonly allocations: number;
  readonly bytesAllocated: number;
  /** JPEG decodes and I420 ↔ RGB conversions done for `raw` and `yuv`. */
  readonly decodes: number;
}

export function createTestAllocator(): TestAllocator {
  let allocations = 0;
  let bytesAllocated = 0;
  let decodes = 0;
  return {
    alloc(byteLength: number): Buffer {
      allocations++;
      bytesAllocated += byteLength;
      return Buffer.allocUnsafe(byteLength);
    },
    async raw(frame: Frame): Promise<Frame> {
      if (frame.encoding !== 'raw') decodes++;
      return decodeFrame(frame);
    },
    async yuv(frame: Frame): Promise<Frame> {
      if (frame.encoding !== 'yuv420') decodes++;
      return toI420Frame(frame);
    },
    get allocations() {
      return allocations;
    },
    get bytesAllocated() {
      return bytesAllocated;
    },
    get decodes() {
      return decodes;
    },
  };
}
