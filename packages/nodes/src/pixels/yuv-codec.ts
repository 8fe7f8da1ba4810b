import * as turbo from '@showflow/jpeg-turbo';
import type { Frame, FrameAllocator } from '../sdk/index.ts';
import { decodeFrame, type Alloc } from './codec.ts';
import { assertI420Frame, assertRawFrame } from './frame-check.ts';
import { i420Size } from './i420.ts';
import { rgbToI420 } from './yuv-convert.ts';
import { tooManyPixels, MAX_DECODE_PIXELS } from './decode-limits.ts';
import { readJpegSize } from './jpeg-header.ts';

/**
 * Any frame → I420 (`yuv420`). JPEG is decoded by TurboJPEG straight to its YCbCr
 * planes when the addon is available: no colour conversion and half the bytes of RGB.
 * Otherwise — no addon, or a file TurboJPEG refuses (CMYK, truncated, corrupt) — it is
 * decoded to RGB by sharp, which applies the usual acceptance rules and reports
 * undecodable data as SF202, and converted. Raw frames are converted; I420 frames
 * pass through. With `alloc` the planes land in a buffer from the frame pool.
 */
export async function toI420Frame(frame: Frame, alloc?: Alloc): Promise<Frame> {
  if (frame.encoding === 'yuv420') {
    assertI420Frame(frame);
    return frame;
  }
  if (frame.encoding === 'jpeg' && turbo.available()) {
    const decoded = decodeWithTurbo(frame, alloc);
    if (decoded) return decoded;
  }
  const raw = await decodeFrame(frame);
  assertRawFrame(raw);
  return rawToI420Frame(raw, alloc);
}

/**
 * Whether JPEG decodes straight to I420 here (TurboJPEG built). Without it, I420 from a
 * JPEG costs sharp's RGB decode plus a JS conversion — more than the RGB path — so
 * nodes keep JPEG input on RGB then.
 */
export function jpegDecodesToI420(): boolean {
  return turbo.available();
}

export function rawToI420Frame(raw: Frame, alloc?: Alloc): Frame {
  const { width, height } = raw;
  const size = i420Size(width, height);
  const data = alloc ? alloc(size) : Buffer.allocUnsafe(size);
  rgbToI420(raw.data, raw.channels, width, height, data);
  return i420Frame(raw, width, height, data);
}

function decodeWithTurbo(frame: Frame, alloc?: Alloc): Frame | undefined {
  // Checked on the JPEG's own frame header (SOF), before TurboJPEG allocates or decodes
  // anything. TurboJPEG's header reader answers even for garbage, so it is not the judge.
  const size = readJpegSize(frame.data);
  if (size && size.width * size.height > MAX_DECODE_PIXELS) throw tooManyPixels(size.width, size.height, `frame ${frame.id}`);
  try {
    const { width, height } = turbo.readHeader(frame.data);
    const out = alloc ? alloc(i420Size(width, height)) : undefined;
    const image = turbo.decodeToI420(frame.data, out);
    return i420Frame(frame, image.width, image.height, image.data);
  } catch {
    // sharp decides: it decodes what it accepts and reports the rest as SF202.
    return undefined;
  }
}

function i420Frame(source: Frame, width: number, height: number, data: Buffer): Frame {
  return { width, height, channels: 3, encoding: 'yuv420', data, seq: source.seq, captureTs: source.captureTs, id: source.id };
}

/**
 * A frame as I420 through the node's allocator: the allocator's own (cached, pooled)
 * conversion when it has one, else a direct conversion into a buffer from `alloc`.
 */
export function yuvFrame(frames: FrameAllocator, frame: Frame): Promise<Frame> {
  return frames.yuv ? frames.yuv(frame) : toI420Frame(frame, (n) => frames.alloc(n));
}
