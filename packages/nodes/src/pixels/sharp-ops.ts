import sharp from 'sharp';
import type { OutputInfo, Sharp } from 'sharp';
import type { Frame } from '../sdk/index.ts';
import { corruptFrame } from './errors.ts';
import { assertRawFrame } from './frame-check.ts';
import { MAX_DECODE_PIXELS, isPixelLimitError, pixelLimitRefusal } from './decode-limits.ts';

/** Raw pixels with their shape, as sharp hands them back. */
export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

function rawInput(frame: Frame): Sharp {
  assertRawFrame(frame);
  return sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: frame.channels } });
}

async function toRaw(pipeline: Sharp, what: string): Promise<RawPixels> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 && info.channels !== 4) throw corruptFrame(`${what} produced ${info.channels} channels`);
  return { data, width: info.width, height: info.height, channels: info.channels };
}

export type ResizeFit = 'cover' | 'contain' | 'fill' | 'inside' | 'outside';
export type ResizeKernel = 'nearest' | 'linear' | 'cubic' | 'mitchell' | 'lanczos3';

export function resizeRaw(frame: Frame, width: number, height: number, fit: ResizeFit = 'cover', kernel: ResizeKernel = 'linear'): Promise<RawPixels> {
  return toRaw(rawInput(frame).resize(width, height, { fit, kernel, background: { r: 0, g: 0, b: 0, alpha: 1 } }), `resize of ${frame.id}`);
}

/** libvips picks the region: `attention` favours skin, saturation and edges; `entropy` detail. */
export function smartCropRaw(frame: Frame, width: number, height: number, strategy: 'attention' | 'entropy'): Promise<RawPixels> {
  const position = strategy === 'attention' ? sharp.strategy.attention : sharp.strategy.entropy;
  return toRaw(rawInput(frame).resize(width, height, { fit: 'cover', position }), `crop of ${frame.id}`);
}

/** Scales an image by a factor, keeping its alpha; used for overlays. */
export function scaleImage(image: Frame, scale: number): Promise<RawPixels> {
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  return toRaw(rawInput(image).resize(width, height, { fit: 'fill' }), `scale of ${image.id}`);
}

/** Any file or buffer sharp reads → RGBA pixels (alpha added when the source has none). */
export function loadRgba(input: string | Buffer): Promise<RawPixels> {
  return refusingBombs(toRaw(sharp(input, { limitInputPixels: MAX_DECODE_PIXELS }).ensureAlpha().toColourspace('srgb'), 'image load'));
}

/** Any file or buffer sharp reads → RGB pixels (alpha dropped). */
export function loadRgb(input: string | Buffer): Promise<RawPixels> {
  return refusingBombs(toRaw(sharp(input, { limitInputPixels: MAX_DECODE_PIXELS }).removeAlpha().toColourspace('srgb'), 'image load'));
}

/** sharp checks the pixel count from the header, before decoding; its refusal becomes SF146. */
async function refusingBombs(load: Promise<RawPixels>): Promise<RawPixels> {
  try {
    return await load;
  } catch (err) {
    throw isPixelLimitError(err) ? pixelLimitRefusal('the image') : err;
  }
}

export interface TextStyle {
  text: string;
  /** Pango font description, e.g. "DejaVu Sans Bold". */
  font: string;
  /** Size in pixels. */
  size: number;
  color: string;
  background: string;
  padding: number;
  /** Wraps lines longer than this many pixels; 0 for no wrapping. */
  maxWidth: number;
}

/** Box height per line, as a multiple of the font size. */
const LINE_HEIGHT = 1.25;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/**
 * Text → RGBA label: the text is laid out by Pango through fontconfig (so DejaVu and
 * any installed font work, with real measurement and wrapping), then placed on an SVG
 * background box with padding and rounded corners.
 */
export async function renderTextImage(style: TextStyle): Promise<RawPixels> {
  const markup = `<span foreground="${escapeXml(style.color)}">${escapeXml(style.text || ' ')}</span>`;
  // Pango sizes in points at `dpi`; 72 dpi makes one point one pixel.
  const text = await sharp({
    text: {
      text: markup,
      font: `${style.font} ${style.size}px`,
      rgba: true,
      dpi: 72,
      ...(style.maxWidth > 0 ? { width: style.maxWidth, wrap: 'word' as const } : {}),
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  const pad = Math.max(0, Math.round(style.padding));
  // libvips trims the text to its ink, so "SALE" and "Agj" would get boxes of different
  // heights; a one-line minimum keeps labels of the same size equally tall.
  const inner = Math.max(text.info.height, Math.round(style.size * LINE_HEIGHT));
  const width = text.info.width + 2 * pad;
  const height = inner + 2 * pad;
  const radius = Math.round(Math.min(pad, height / 4));
  const box = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" rx="${radius}" fill="${escapeXml(style.background)}"/></svg>`;
  const top = pad + ((inner - text.info.height) >> 1);
  return toRaw(sharp(Buffer.from(box)).ensureAlpha().composite([{ input: text.data, left: pad, top }]), 'text render');
}
