import sharp from 'sharp';
import type { OutputInfo } from 'sharp';
import * as turbo from '@showflow/jpeg-turbo';
import type { Frame } from '../sdk/index.ts';
import { corruptFrame } from './errors.ts';
import { assertI420Frame, assertRawFrame } from './frame-check.ts';
import { i420ToRgb } from './yuv-convert.ts';
import { MAX_DECODE_PIXELS, isPixelLimitError, pixelLimitRefusal } from './decode-limits.ts';

export type Alloc = (byteLength: number) => Buffer;

/**
 * JPEG (or any image sharp reads) → raw 8-bit RGB, one decode; I420 frames are
 * converted. Raw frames pass through untouched. With `alloc` the pixels land in a
 * pooled buffer (one memcpy, about 0.3 ms at 720p) so the runtime can recycle them.
 */
export async function decodeFrame(frame: Frame, alloc?: Alloc): Promise<Frame> {
  if (frame.encoding === 'raw') {
    assertRawFrame(frame);
    return frame;
  }
  if (frame.encoding === 'yuv420') return i420ToRawFrame(frame, alloc);
  let out: { data: Buffer; info: OutputInfo };
  try {
    // The plain path fits ordinary colour JPEGs; greyscale, CMYK or alpha sources get a
    // second, converting decode rather than slowing every frame down.
    const options = { failOn: 'truncated', limitInputPixels: MAX_DECODE_PIXELS } as const;
    out = await sharp(frame.data, { ...options, sequentialRead: true }).raw().toBuffer({ resolveWithObject: true });
    if (out.info.channels !== 3) {
      out = await sharp(frame.data, options).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    }
  } catch (err) {
    if (isPixelLimitError(err)) throw pixelLimitRefusal(`frame ${frame.id}`);
    throw corruptFrame(`frame ${frame.id} could not be decoded: ${(err as Error).message}`);
  }
  const { width, height, channels } = out.info;
  if (channels !== 3 || out.data.length !== width * height * 3) {
    throw corruptFrame(`frame ${frame.id} decoded to ${width}×${height}×${channels}, RGB was expected`);
  }
  let data = out.data;
  if (alloc) {
    data = alloc(out.data.length);
    out.data.copy(data);
  }
  return { width, height, channels: 3, encoding: 'raw', data, seq: frame.seq, captureTs: frame.captureTs, id: frame.id };
}

function i420ToRawFrame(frame: Frame, alloc?: Alloc): Frame {
  assertI420Frame(frame);
  const { width, height } = frame;
  const data = alloc ? alloc(width * height * 3) : Buffer.allocUnsafe(width * height * 3);
  i420ToRgb(frame.data, width, height, data);
  return { width, height, channels: 3, encoding: 'raw', data, seq: frame.seq, captureTs: frame.captureTs, id: frame.id };
}

/**
 * Frame → JPEG with live-friendly settings: plain libjpeg-turbo path, no mozjpeg
 * trellis, no progressive or optimised scans, no Huffman optimisation pass. I420
 * frames go straight to TurboJPEG when it is available (no colour conversion), and
 * through RGB and sharp when not. JPEG frames are returned as they are.
 */
export async function encodeJpeg(frame: Frame, quality = 80): Promise<Buffer> {
  if (frame.encoding === 'jpeg') return frame.data;
  if (frame.encoding === 'yuv420') {
    assertI420Frame(frame);
    if (turbo.available()) return turbo.encodeI420(frame.data, frame.width, frame.height, quality);
    frame = i420ToRawFrame(frame);
  }
  assertRawFrame(frame);
  const { width, height, channels } = frame;
  let pipeline = sharp(frame.data, { raw: { width, height, channels } });
  if (channels === 4) pipeline = pipeline.removeAlpha();
  return pipeline
    .jpeg({
      quality,
      mozjpeg: false,
      trellisQuantisation: false,
      overshootDeringing: false,
      optimiseScans: false,
      optimiseCoding: false,
      progressive: false,
      chromaSubsampling: '4:2:0',
    })
    .toBuffer();
}
