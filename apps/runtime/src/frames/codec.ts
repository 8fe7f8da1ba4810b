import type { Frame } from '@showflow/nodes/sdk';
import { decodeFrame as decodeToRgb, encodeJpeg as encodeFrame, toI420Frame } from '@showflow/nodes/pixels';

/**
 * The runtime's pixel codec calls: JPEG or I420 → raw RGB for `ctx.frames.raw`, any
 * frame → I420 for `ctx.frames.yuv`, and any frame → JPEG for previews. They follow
 * the node package's codec, so nodes and the pool decode the same way: TurboJPEG
 * straight to YCbCr planes where the addon is built, sharp otherwise. Failures are
 * SF202.
 */
export function decodeFrame(frame: Frame): Promise<Frame> {
  return decodeToRgb(frame);
}

export function decodeToI420(frame: Frame): Promise<Frame> {
  return toI420Frame(frame);
}

export function encodeJpeg(frame: Frame, quality = 80): Promise<Buffer> {
  return encodeFrame(frame, quality);
}
