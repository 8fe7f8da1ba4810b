import * as pixelNative from '@showflow/pixel-native';
import { wordView } from './words.ts';

/**
 * Temporal denoise after ffmpeg's hqdn3d: every byte keeps a 8.8 fixed-point running
 * value and moves toward the new sample by a weight read from a table indexed by the
 * difference. Small differences (noise) are averaged away, large ones (motion, cuts)
 * pass almost untouched, so moving edges do not smear. The optional spatial pass is
 * hqdn3d's recursive horizontal + vertical low-pass, run before the temporal step.
 */

/** Difference bins per pixel level; 4 bits as hqdn3d uses for 8-bit video. */
const LUT_BITS = 4;
const LUT_HALF = 256 << LUT_BITS;
const LUT_SHIFT = 8 - LUT_BITS;
/** Tables are indexed by the signed bin count wrapped to 13 bits, so no offset add per byte. */
export const LUT_MASK = 2 * LUT_HALF - 1;

/**
 * Coefficients for one strength: entry `d & LUT_MASK` is the correction to add to the
 * current sample when the previous value differs from it by `d` bins (8.8 units).
 * Strength 0 means no filtering (all zero).
 */
export function denoiseCoefficients(strength: number): Int16Array {
  const table = new Int16Array(2 * LUT_HALF);
  if (!(strength > 0)) return table;
  const gamma = Math.log(0.25) / Math.log(1 - Math.min(strength, 252) / 255 - 0.00001);
  for (let i = -LUT_HALF; i < LUT_HALF; i++) {
    const f = ((i << (9 - LUT_BITS)) + (1 << (8 - LUT_BITS)) - 1) / 512; // bin midpoint, in levels
    const similarity = Math.max(0, 1 - Math.abs(f) / 255);
    table[i & LUT_MASK] = Math.round(Math.pow(similarity, gamma) * 256 * f);
  }
  return table;
}

/** What a denoiser remembers between frames; sized for one frame shape. */
export interface DenoiseState {
  readonly byteLength: number;
  readonly width: number;
  readonly channels: number;
  /** Previous output per byte, 8.8 fixed point (own buffer, offset 0, so it can be read as words). */
  readonly previous: Uint16Array;
  /** Spatial pass: previous row per byte, 8.8 fixed point. */
  readonly line: Uint16Array;
  primed: boolean;
}

export function createDenoiseState(width: number, height: number, channels: number): DenoiseState {
  const byteLength = width * height * channels;
  return { byteLength, width, channels, previous: new Uint16Array(byteLength), line: new Uint16Array(width * channels), primed: false };
}

/** Which loop runs the temporal step: both give the same bytes. */
export type DenoiseKernel = 'native' | 'js';

/**
 * The native kernel where @showflow/pixel-native is built: it takes under half the
 * JavaScript loop's time on a 720p frame (docs/benchmarks.md, pixel chain).
 */
export const defaultDenoiseKernel: DenoiseKernel = pixelNative.available() ? 'native' : 'js';

/**
 * Filters `src` into `dst` (same length, 8-bit interleaved) and updates `state`.
 * The first frame after priming is copied through and seeds the state.
 */
export function denoiseTemporal(src: Uint8Array, dst: Uint8Array, state: DenoiseState, coef: Int16Array, kernel = defaultDenoiseKernel): void {
  const n = state.byteLength;
  const prev = state.previous;
  if (!state.primed) {
    for (let i = 0; i < n; i++) prev[i] = src[i] << 8;
    dst.set(src.subarray(0, n));
    state.primed = true;
    return;
  }
  if (kernel === 'native') {
    pixelNative.denoiseTemporal(src, dst, prev, coef, n);
    return;
  }
  const src32 = wordView(src, n >> 2);
  const dst32 = wordView(dst, n >> 2);
  let start = 0;
  if (src32 && dst32) {
    temporalWords(src32, dst32, prev, coef);
    start = src32.length * 4;
  }
  for (let i = start; i < n; i++) {
    const cur = src[i] << 8;
    const v = cur + coef[((prev[i] - cur) >> LUT_SHIFT) & LUT_MASK];
    prev[i] = v;
    dst[i] = (v + 0x7f) >> 8;
  }
}

/**
 * The temporal step four bytes per iteration: one 32-bit load and store of pixels and
 * two of history (two 16-bit values per word) instead of four each.
 */
function temporalWords(src: Uint32Array, dst: Uint32Array, prev: Uint16Array, coef: Int16Array): void {
  const words = src.length;
  const history = new Uint32Array(prev.buffer, prev.byteOffset, words * 2);
  for (let k = 0, j = 0; k < words; k++, j += 2) {
    const w = src[k];
    const h0 = history[j];
    const h1 = history[j + 1];
    let cur = (w & 0xff) << 8;
    const v0 = cur + coef[(((h0 & 0xffff) - cur) >> LUT_SHIFT) & LUT_MASK];
    cur = ((w >>> 8) & 0xff) << 8;
    const v1 = cur + coef[(((h0 >>> 16) - cur) >> LUT_SHIFT) & LUT_MASK];
    cur = ((w >>> 16) & 0xff) << 8;
    const v2 = cur + coef[(((h1 & 0xffff) - cur) >> LUT_SHIFT) & LUT_MASK];
    cur = (w >>> 24) << 8;
    const v3 = cur + coef[(((h1 >>> 16) - cur) >> LUT_SHIFT) & LUT_MASK];
    history[j] = v0 | (v1 << 16);
    history[j + 1] = v2 | (v3 << 16);
    dst[k] = ((v0 + 0x7f) >> 8) | (((v1 + 0x7f) >> 8) << 8) | (((v2 + 0x7f) >> 8) << 16) | (((v3 + 0x7f) >> 8) << 24);
  }
}

/**
 * Spatial then temporal, hqdn3d's full path, one channel plane at a time over the
 * interleaved buffer. Costs about three times the temporal-only path.
 */
export function denoiseSpatioTemporal(
  src: Uint8Array,
  dst: Uint8Array,
  state: DenoiseState,
  spatial: Int16Array,
  temporal: Int16Array,
): void {
  const { width, channels, byteLength } = state;
  const prev = state.previous;
  const line = state.line;
  const rowBytes = width * channels;
  const rows = byteLength / rowBytes;
  const primed = state.primed;
  for (let c = 0; c < channels; c++) {
    // First row: only a left neighbour.
    let ant = src[c] << 8;
    for (let i = c; i < rowBytes; i += channels) {
      const cur = src[i] << 8;
      ant = cur + spatial[((ant - cur) >> LUT_SHIFT) & LUT_MASK];
      line[i] = ant;
      const t = primed ? ant + temporal[((prev[i] - ant) >> LUT_SHIFT) & LUT_MASK] : ant;
      prev[i] = t;
      dst[i] = (t + 0x7f) >> 8;
    }
    for (let y = 1; y < rows; y++) {
      const base = y * rowBytes;
      let pixelAnt = src[base + c] << 8;
      for (let x = c; x < rowBytes; x += channels) {
        const i = base + x;
        const up = line[x];
        const vert = pixelAnt + spatial[((up - pixelAnt) >> LUT_SHIFT) & LUT_MASK];
        line[x] = vert;
        if (x + channels < rowBytes) {
          const next = src[i + channels] << 8;
          pixelAnt = next + spatial[((pixelAnt - next) >> LUT_SHIFT) & LUT_MASK];
        }
        const t = primed ? vert + temporal[((prev[i] - vert) >> LUT_SHIFT) & LUT_MASK] : vert;
        prev[i] = t;
        dst[i] = (t + 0x7f) >> 8;
      }
    }
  }
  state.primed = true;
}
