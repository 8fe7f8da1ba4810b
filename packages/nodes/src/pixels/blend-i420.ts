import type { PixelRect } from './blend.ts';
import { i420Planes } from './i420.ts';

/**
 * An RGB/RGBA overlay converted once to I420 planes with alpha, ready to blend onto
 * I420 frames at positions of one parity. The chroma grid is laid out for a left/top
 * edge at an odd (parity 1) or even (0) frame coordinate, so each overlay chroma sample
 * lines up with one frame chroma sample. Opacity is folded into the alpha planes.
 */
export interface I420Overlay {
  width: number;
  height: number;
  parityX: 0 | 1;
  parityY: 0 | 1;
  y: Uint8Array;
  /** Alpha per luma pixel (opacity applied). */
  alpha: Uint8Array;
  chromaWidth: number;
  chromaHeight: number;
  u: Uint8Array;
  v: Uint8Array;
  /** Alpha per chroma sample: the mean of its (up to) four pixels' alphas. */
  chromaAlpha: Uint8Array;
}

export function overlayToI420(src: PixelRect, opacity: number, parityX: 0 | 1, parityY: 0 | 1): I420Overlay {
  const { width, height, channels, data } = src;
  const scaled = new Uint8Array(256);
  const o = Math.min(1, Math.max(0, opacity));
  for (let a = 0; a < 256; a++) scaled[a] = Math.round(a * o);
  const y = new Uint8Array(width * height);
  const alpha = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < y.length; i++, p += channels) {
    y[i] = (19595 * data[p] + 38470 * data[p + 1] + 7471 * data[p + 2] + 32768) >> 16;
    alpha[i] = scaled[channels === 4 ? data[p + 3] : 255];
  }
  const chromaWidth = (width + parityX + 1) >> 1;
  const chromaHeight = (height + parityY + 1) >> 1;
  const u = new Uint8Array(chromaWidth * chromaHeight);
  const v = new Uint8Array(chromaWidth * chromaHeight);
  const chromaAlpha = new Uint8Array(chromaWidth * chromaHeight);
  for (let cy = 0; cy < chromaHeight; cy++) {
    for (let cx = 0; cx < chromaWidth; cx++) {
      // The overlay pixels under this chroma sample, weighted by alpha so transparent
      // pixels lend no colour to the edge samples.
      let r = 0, g = 0, b = 0, sum = 0;
      for (let dy = 0; dy < 2; dy++) {
        const row = 2 * cy + dy - parityY;
        if (row < 0 || row >= height) continue;
        for (let dx = 0; dx < 2; dx++) {
          const col = 2 * cx + dx - parityX;
          if (col < 0 || col >= width) continue;
          const i = row * width + col;
          const a = alpha[i];
          const p = i * channels;
          r += a * data[p];
          g += a * data[p + 1];
          b += a * data[p + 2];
          sum += a;
        }
      }
      const k = cy * chromaWidth + cx;
      chromaAlpha[k] = (sum + 2) >> 2;
      if (sum === 0) {
        u[k] = v[k] = 128;
        continue;
      }
      r /= sum;
      g /= sum;
      b /= sum;
      u[k] = Math.min(255, Math.max(0, Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128)));
      v[k] = Math.min(255, Math.max(0, Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128)));
    }
  }
  return { width, height, parityX, parityY, y, alpha, chromaWidth, chromaHeight, u, v, chromaAlpha };
}

/**
 * Source-over blend of a prepared overlay onto an I420 buffer with its top-left luma
 * pixel at (x, y), clipped to the frame. (x, y) must have the parity the overlay was
 * prepared for. Same exact-rounding arithmetic as blendOnto: alpha 0 leaves a sample
 * as it was and alpha 255 copies the overlay's.
 */
export function blendI420(dst: Uint8Array, width: number, height: number, overlay: I420Overlay, x: number, y: number): void {
  x = Math.round(x);
  y = Math.round(y);
  if ((x & 1) !== overlay.parityX || (y & 1) !== overlay.parityY) {
    throw new RangeError(`overlay prepared for parity ${overlay.parityX},${overlay.parityY} placed at ${x},${y}`);
  }
  const planes = i420Planes(dst, width, height);
  blendPlane(planes.y, width, height, overlay.y, overlay.alpha, overlay.width, overlay.height, x, y);
  const cx = (x - overlay.parityX) / 2;
  const cy = (y - overlay.parityY) / 2;
  const { chromaWidth: cw, chromaHeight: ch } = planes;
  blendPlane(planes.u, cw, ch, overlay.u, overlay.chromaAlpha, overlay.chromaWidth, overlay.chromaHeight, cx, cy);
  blendPlane(planes.v, cw, ch, overlay.v, overlay.chromaAlpha, overlay.chromaWidth, overlay.chromaHeight, cx, cy);
}

function blendPlane(d: Uint8Array, dw: number, dh: number, s: Uint8Array, alpha: Uint8Array, sw: number, sh: number, x: number, y: number): void {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(dw, x + sw);
  const y1 = Math.min(dh, y + sh);
  for (let row = y0; row < y1; row++) {
    let di = row * dw + x0;
    let si = (row - y) * sw + (x0 - x);
    for (let col = x0; col < x1; col++, di++, si++) {
      const a = alpha[si];
      if (a === 0) continue;
      if (a === 255) {
        d[di] = s[si];
        continue;
      }
      const v = s[si] * a + d[di] * (255 - a) + 128;
      d[di] = (v + (v >> 8)) >> 8;
    }
  }
}
