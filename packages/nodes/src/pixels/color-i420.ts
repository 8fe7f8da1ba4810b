import { clampSaturation, whiteBalanceGains, type ColorSettings } from './color.ts';
import { i420Planes } from './i420.ts';
import { applyLut } from './lut.ts';

/**
 * The colour correction of color.ts on I420 planes. With neutral white balance,
 * brightness and contrast act on Y alone (one table) and contrast and saturation scale
 * chroma around 128 (one table shared by U and V): two table passes, no arithmetic.
 * White balance — per-channel RGB gains — is a 3×3 matrix in YCbCr: chroma moves with
 * luma (luma-weighted U/V shifts) and a strong tint moves luma with chroma (up to ~8
 * levels on saturated colour), so then every output is a sum of per-input 8.8
 * fixed-point tables, as in the RGB saturation mix. A chroma sample reads the luma of
 * the top-left pixel of its 2×2 block; a luma pixel reads its block's chroma.
 */
export interface I420ColorTables {
  /** Luma table (used when `chroma` is set). */
  y: Uint8Array;
  /** U/V table when white balance is neutral. */
  chroma: Uint8Array | undefined;
  /** Otherwise: the full mix. */
  mix: Mix | undefined;
}

interface Mix {
  /** out = clamp[(fromY[y] + fromU[u] + fromV[v]) >> 8], one set per output plane. */
  y: [Int32Array, Int32Array, Int32Array];
  u: [Int32Array, Int32Array, Int32Array];
  v: [Int32Array, Int32Array, Int32Array];
  clampY: Uint8Array;
  clamp: Uint8Array;
  /** Per chroma sample: fromU[u] + fromV[v] of the luma row, reused across the block's four pixels. */
  lumaShift: Int32Array;
}

/** Full-range BT.601 RGB → YCbCr (rows Y, Cb, Cr) and back, without the 128 offsets. */
const TO_YUV = [
  [0.299, 0.587, 0.114],
  [-0.168736, -0.331264, 0.5],
  [0.5, -0.418688, -0.081312],
];
const TO_RGB = [
  [1, 0, 1.402],
  [1, -0.344136, -0.714136],
  [1, 1.772, 0],
];

const clampByte = (x: number) => Math.min(255, Math.max(0, Math.round(x)));

export function buildI420ColorTables(settings: ColorSettings): I420ColorTables {
  const gains = whiteBalanceGains(settings);
  // m(row, col): how the gains map (Y, Cb−128, Cr−128) to the same after white balance.
  const m = (row: number, col: number) => TO_YUV[row].reduce((sum, w, k) => sum + w * gains[k] * TO_RGB[k][col], 0);
  const { contrast, brightness } = settings;
  const y = new Uint8Array(256);
  const yy = m(0, 0);
  for (let v = 0; v < 256; v++) y[v] = clampByte(contrast * (yy * v - 127.5) + 127.5 + 255 * brightness);
  const scale = contrast * clampSaturation(settings.saturation);
  if (settings.temperature === 0 && settings.tint === 0) {
    const chroma = new Uint8Array(256);
    for (let v = 0; v < 256; v++) chroma[v] = clampByte(128 + scale * (v - 128));
    return { y, chroma, mix: undefined };
  }
  // Each output: gain·(Y, Cb−128, Cr−128) through m, then contrast (and saturation for chroma).
  const gain = [contrast, scale, scale];
  const base = [127.5 * (1 - contrast) + 255 * brightness, 128, 128];
  const reach = (row: number) =>
    Math.ceil(Math.abs(base[row]) + gain[row] * (Math.abs(m(row, 0)) * 255 + (Math.abs(m(row, 1)) + Math.abs(m(row, 2))) * 128)) + 2;
  const clampTable = (offset: number) => {
    const t = new Uint8Array(2 * offset + 257);
    for (let i = 0; i < t.length; i++) t[i] = clampByte(i - offset);
    return t;
  };
  const rows = (row: number, offset: number): [Int32Array, Int32Array, Int32Array] => {
    const fromY = new Int32Array(256);
    const fromU = new Int32Array(256);
    const fromV = new Int32Array(256);
    for (let v = 0; v < 256; v++) {
      // fromY also carries the constant, the clamp offset and the rounding half.
      fromY[v] = Math.round(256 * (gain[row] * m(row, 0) * v + base[row] + offset)) + 128;
      fromU[v] = Math.round(256 * gain[row] * m(row, 1) * (v - 128));
      fromV[v] = Math.round(256 * gain[row] * m(row, 2) * (v - 128));
    }
    return [fromY, fromU, fromV];
  };
  const lumaOffset = reach(0);
  const chromaOffset = Math.max(reach(1), reach(2));
  return {
    y,
    chroma: undefined,
    mix: {
      y: rows(0, lumaOffset),
      u: rows(1, chromaOffset),
      v: rows(2, chromaOffset),
      clampY: clampTable(lumaOffset),
      clamp: clampTable(chromaOffset),
      lumaShift: new Int32Array(0),
    },
  };
}

export function applyColorI420(src: Uint8Array, dst: Uint8Array, width: number, height: number, t: I420ColorTables): void {
  const from = i420Planes(src, width, height);
  const to = i420Planes(dst, width, height);
  const luma = width * height;
  if (t.chroma) {
    applyLut(from.y, to.y, t.y);
    // U and V are adjacent and share the table: one pass over both.
    applyLut(src.subarray(luma), dst.subarray(luma), t.chroma, 2 * from.u.length);
    return;
  }
  mixPlanes(from, to, t.mix!);
}

function mixPlanes(from: ReturnType<typeof i420Planes>, to: ReturnType<typeof i420Planes>, mix: Mix): void {
  const { y: [yy, yu, yv], u: [uy, uu, uv], v: [vy, vu, vv], clamp, clampY } = mix;
  const { y: ys, u: us, v: vs, width, height, chromaWidth: cw, chromaHeight: ch } = from;
  const { y: yd, u: ud, v: vd } = to;
  if (mix.lumaShift.length !== us.length) mix.lumaShift = new Int32Array(us.length);
  const shift = mix.lumaShift;
  for (let cy = 0; cy < ch; cy++) {
    const lumaRow = 2 * cy * width;
    for (let cx = 0, i = cy * cw; cx < cw; cx++, i++) {
      const l = ys[lumaRow + 2 * cx];
      const u = us[i];
      const v = vs[i];
      ud[i] = clamp[(uy[l] + uu[u] + uv[v]) >> 8];
      vd[i] = clamp[(vy[l] + vu[u] + vv[v]) >> 8];
      shift[i] = yu[u] + yv[v];
    }
  }
  const pairs = width >> 1;
  for (let row = 0; row < height; row++) {
    const c0 = (row >> 1) * cw;
    let i = row * width;
    // Two luma pixels per chroma sample: one shift load for both.
    for (let cx = 0; cx < pairs; cx++, i += 2) {
      const d = shift[c0 + cx];
      yd[i] = clampY[(yy[ys[i]] + d) >> 8];
      yd[i + 1] = clampY[(yy[ys[i + 1]] + d) >> 8];
    }
    if (width & 1) yd[i] = clampY[(yy[ys[i]] + shift[c0 + pairs]) >> 8];
  }
}
