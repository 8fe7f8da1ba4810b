import { createRequire } from 'node:module';

/**
 * JPEG ↔ planar I420 through libjpeg-turbo's TurboJPEG API, as a small native addon.
 *
 * The addon is optional: it is built by this package's `build` script only where the
 * library's headers exist. Importing this module never throws; `available()` says
 * whether the addon loaded, and the codec functions throw only when called without it,
 * so callers check `available()` and keep a slower path.
 *
 * I420 layout: Y (width × height), then U, then V (each ceil(width/2) × ceil(height/2)),
 * 8-bit, no padding — full-range BT.601 YCbCr as JPEG stores it.
 */

/** Chroma subsampling of the source JPEG, as TurboJPEG names it. */
export type Subsampling = '444' | '422' | '420' | 'gray' | '440' | '411' | 'unknown';

export interface I420Image {
  width: number;
  height: number;
  /** The JPEG's own subsampling; anything but 4:2:0 was resampled to 4:2:0 on decode. */
  subsamp: Subsampling;
  /** Exactly `i420Size(width, height)` bytes. */
  data: Buffer;
}

export interface JpegHeader {
  width: number;
  height: number;
  subsamp: Subsampling;
}

export interface CodecOptions {
  /** libjpeg-turbo's faster, slightly less accurate integer DCT. */
  fastDct?: boolean;
}

interface Binding {
  header(jpeg: Uint8Array): { width: number; height: number; subsamp: number; colorspace: number };
  decodeToI420(jpeg: Uint8Array, out: Uint8Array | undefined, flags: number): { width: number; height: number; subsamp: number; data: Buffer };
  encodeI420(data: Uint8Array, width: number, height: number, quality: number, flags: number): Buffer;
  FLAG_FASTDCT: number;
}

const SUBSAMPLING: Subsampling[] = ['444', '422', '420', 'gray', '440', '411'];
const subsampling = (code: number): Subsampling => SUBSAMPLING[code] ?? 'unknown';

let binding: Binding | undefined;
let loadError: string | undefined;
let loaded = false;

function load(): Binding | undefined {
  if (loaded) return binding;
  loaded = true;
  try {
    binding = createRequire(import.meta.url)('../dist/jpeg_turbo.node') as Binding;
  } catch (err) {
    loadError = (err as Error).message;
  }
  return binding;
}

function need(): Binding {
  const b = load();
  if (!b) throw new Error(`@showflow/jpeg-turbo is not available: ${unavailableReason()}`);
  return b;
}

/** Whether the native addon is built and loads (libjpeg-turbo present). */
export function available(): boolean {
  return load() !== undefined;
}

/** Why `available()` is false, for logs; undefined when it is available. */
export function unavailableReason(): string | undefined {
  if (load()) return undefined;
  return loadError?.includes('Cannot find module')
    ? 'the addon was not built (install libturbojpeg0-dev, then run the build)'
    : (loadError ?? 'unknown');
}

/** Bytes of an I420 frame of this size. */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

/** Size and subsampling from the JPEG header, without decoding. Throws on a malformed header. */
export function readHeader(jpeg: Uint8Array): JpegHeader {
  const h = need().header(jpeg);
  return { width: h.width, height: h.height, subsamp: subsampling(h.subsamp) };
}

/**
 * Decodes a JPEG to I420. With `out` (at least `i420Size` bytes) the planes are written
 * there and `data` is a view of it; otherwise a new Buffer is returned. Greyscale gets
 * neutral chroma; other subsamplings are resampled to 4:2:0. Throws on corrupt data
 * (including truncation, which libjpeg only warns about) and on CMYK/YCCK files; the
 * error's `code` is JPEG_ERROR, JPEG_WARNING or JPEG_UNSUPPORTED.
 */
export function decodeToI420(jpeg: Uint8Array, out?: Buffer, options: CodecOptions = {}): I420Image {
  const b = need();
  const r = b.decodeToI420(jpeg, out, options.fastDct ? b.FLAG_FASTDCT : 0);
  const size = i420Size(r.width, r.height);
  const data = r.data.length === size ? r.data : r.data.subarray(0, size);
  return { width: r.width, height: r.height, subsamp: subsampling(r.subsamp), data };
}

/** Encodes I420 planes as a baseline 4:2:0 JPEG at `quality` (1–100). */
export function encodeI420(data: Uint8Array, width: number, height: number, quality: number, options: CodecOptions = {}): Buffer {
  const b = need();
  return b.encodeI420(data, width, height, quality, options.fastDct ? b.FLAG_FASTDCT : 0);
}
