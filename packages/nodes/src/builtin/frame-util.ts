import type { Frame } from '../sdk/index.ts';
import { jpegDecodesToI420, type RawPixels } from '../pixels/index.ts';

/** A frame produced from `input`: same id, seq and capture time, new pixels. */
export function derivedFrame(input: Frame, pixels: Pick<Frame, 'width' | 'height' | 'channels' | 'data'>, encoding: Frame['encoding'] = 'raw'): Frame {
  return {
    width: pixels.width,
    height: pixels.height,
    channels: pixels.channels,
    encoding,
    data: pixels.data,
    seq: input.seq,
    captureTs: input.captureTs,
    id: input.id,
  };
}

/**
 * Whether a pixel node should work on I420: I420 input is already there, and JPEG input
 * decodes straight to it when TurboJPEG is built, so both skip the RGB conversions.
 * Raw RGB input stays RGB, and so does JPEG without TurboJPEG (cheaper through sharp).
 */
export function prefersYuv(frame: Frame): boolean {
  return frame.encoding === 'yuv420' || (frame.encoding === 'jpeg' && jpegDecodesToI420());
}

/** Copies sharp's (or any private) pixels into a pooled buffer, so the frame can be recycled. */
export function pooled(alloc: (n: number) => Buffer, pixels: RawPixels): RawPixels {
  const data = alloc(pixels.data.length);
  pixels.data.copy(data);
  return { ...pixels, data };
}

/** FNV-1a over the bytes: a content revision for images, so caches keyed by id + seq never go stale. */
export function contentRevision(data: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 0x01000193);
  return h >>> 0;
}
