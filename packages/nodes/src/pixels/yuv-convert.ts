import { i420Planes } from './i420.ts';

/**
 * RGB ↔ I420 in full-range BT.601, the YCbCr that JPEG (JFIF) stores, so a frame
 * converted here matches what libjpeg-turbo decodes and encodes. 16.16 fixed point with
 * the same rounded coefficients as libjpeg's colour converters.
 */

const FIX = (x: number) => Math.round(x * 65536);
const HALF = 1 << 15;
const CHROMA_BIAS = (128 << 18) + (1 << 17) - 1;

/** Per-level products, so the forward transform is table loads and adds. */
const Y_R = table((v) => FIX(0.299) * v);
const Y_G = table((v) => FIX(0.587) * v);
const Y_B = table((v) => FIX(0.114) * v + HALF);

function table(f: (v: number) => number): Int32Array {
  const t = new Int32Array(256);
  for (let v = 0; v < 256; v++) t[v] = f(v);
  return t;
}

/**
 * Interleaved RGB/RGBA (alpha ignored) → I420 in `dst`. Chroma is computed from the
 * mean colour of each 2×2 block (edge blocks use the pixels that exist).
 */
export function rgbToI420(src: Uint8Array, channels: number, width: number, height: number, dst: Uint8Array): void {
  const { y, u, v, chromaWidth, chromaHeight } = i420Planes(dst, width, height);
  const yr = Y_R, yg = Y_G, yb = Y_B;
  for (let i = 0, p = 0, n = width * height; i < n; i++, p += channels) {
    y[i] = (yr[src[p]] + yg[src[p + 1]] + yb[src[p + 2]]) >> 16;
  }
  const stride = width * channels;
  for (let cy = 0; cy < chromaHeight; cy++) {
    const row0 = 2 * cy * stride;
    const row1 = 2 * cy + 1 < height ? row0 + stride : row0;
    for (let cx = 0; cx < chromaWidth; cx++) {
      const a = row0 + 2 * cx * channels;
      const b = 2 * cx + 1 < width ? a + channels : a;
      const c = row1 + 2 * cx * channels;
      const d = 2 * cx + 1 < width ? c + channels : c;
      // Sums of four samples (0..1020); the shift by 18 divides by 4 and by 65536. As in
      // libjpeg, rounding adds one less than a half so pure red/blue reach 255, not 256.
      const r = src[a] + src[b] + src[c] + src[d];
      const g = src[a + 1] + src[b + 1] + src[c + 1] + src[d + 1];
      const bl = src[a + 2] + src[b + 2] + src[c + 2] + src[d + 2];
      const i = cy * chromaWidth + cx;
      u[i] = (-11058 * r - 21710 * g + 32768 * bl + CHROMA_BIAS) >> 18;
      v[i] = (32768 * r - 27439 * g - 5329 * bl + CHROMA_BIAS) >> 18;
    }
  }
}

/** Clamp for R, G, B before storing: index value + 512. */
const CLAMP_OFFSET = 512;
const CLAMP = (() => {
  const t = new Uint8Array(1536);
  for (let i = 0; i < t.length; i++) t[i] = Math.min(255, Math.max(0, i - CLAMP_OFFSET));
  return t;
})();
/** Chroma contributions per level, already offset into CLAMP. */
const R_V = table((c) => Math.round(1.402 * (c - 128)) + CLAMP_OFFSET);
const B_U = table((c) => Math.round(1.772 * (c - 128)) + CLAMP_OFFSET);
const G_U = table((c) => -FIX(0.344136) * (c - 128));
const G_V = table((c) => -FIX(0.714136) * (c - 128) + HALF + (CLAMP_OFFSET << 16));

/**
 * I420 → interleaved RGB (or RGBA with opaque alpha) in `dst`. Chroma is upsampled with
 * libjpeg's "fancy" triangle filter (weights 9/3/3/1 from the four nearest samples),
 * so smooth colour does not turn blocky the way nearest-sample upsampling would.
 */
export function i420ToRgb(src: Uint8Array, width: number, height: number, dst: Uint8Array, channels: 3 | 4 = 3): void {
  const { y, u, v, chromaWidth: cw, chromaHeight: ch } = i420Planes(src, width, height);
  // Vertical pass for the current output row: 3·near + far, per chroma column.
  const colU = new Int32Array(cw);
  const colV = new Int32Array(cw);
  for (let row = 0; row < height; row++) {
    const near = row >> 1;
    const far = Math.min(ch - 1, Math.max(0, row & 1 ? near + 1 : near - 1));
    const n0 = near * cw;
    const f0 = far * cw;
    for (let cx = 0; cx < cw; cx++) {
      colU[cx] = 3 * u[n0 + cx] + u[f0 + cx];
      colV[cx] = 3 * v[n0 + cx] + v[f0 + cx];
    }
    // Horizontal pass two pixels at a time: the left one leans on the previous column,
    // the right one on the next (edges repeat their own column).
    const base = row * width;
    let p = base * channels;
    let prevU = colU[0];
    let prevV = colV[0];
    for (let cx = 0; cx < cw; cx++) {
      const hereU = colU[cx];
      const hereV = colV[cx];
      const next = cx + 1 < cw ? cx + 1 : cx;
      const x = 2 * cx;
      writeRgb(dst, p, y[base + x], (3 * hereU + prevU + 8) >> 4, (3 * hereV + prevV + 8) >> 4, channels);
      p += channels;
      if (x + 1 < width) {
        writeRgb(dst, p, y[base + x + 1], (3 * hereU + colU[next] + 8) >> 4, (3 * hereV + colV[next] + 8) >> 4, channels);
        p += channels;
      }
      prevU = hereU;
      prevV = hereV;
    }
  }
}

function writeRgb(dst: Uint8Array, p: number, l: number, cb: number, cr: number, channels: number): void {
  const clamp = CLAMP;
  dst[p] = clamp[l + R_V[cr]];
  dst[p + 1] = clamp[l + ((G_U[cb] + G_V[cr]) >> 16)];
  dst[p + 2] = clamp[l + B_U[cb]];
  if (channels === 4) dst[p + 3] = 255;
}
