/**
 * Source-over blend of an RGBA (or RGB, treated as opaque) image onto an RGB/RGBA frame
 * buffer at (x, y), clipped to the frame, with an overall opacity. Integer math with
 * exact rounding of (src·a + dst·(255 − a)) / 255, so opacity 0 leaves the frame as it
 * was and an opaque pixel at opacity 1 is copied exactly.
 */
export interface PixelRect {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

export function blendOnto(dst: PixelRect, src: PixelRect, x: number, y: number, opacity: number): void {
  x = Math.round(x);
  y = Math.round(y);
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(dst.width, x + src.width);
  const y1 = Math.min(dst.height, y + src.height);
  if (x1 <= x0 || y1 <= y0 || !(opacity > 0)) return;
  const alpha = new Uint8Array(256);
  const o = Math.min(1, opacity);
  for (let a = 0; a < 256; a++) alpha[a] = Math.round(a * o);
  const d = dst.data;
  const s = src.data;
  const dc = dst.channels;
  const sc = src.channels;
  const hasAlpha = sc === 4;
  const span = x1 - x0;
  for (let row = y0; row < y1; row++) {
    let di = (row * dst.width + x0) * dc;
    let si = ((row - y) * src.width + (x0 - x)) * sc;
    for (let k = 0; k < span; k++, di += dc, si += sc) {
      const a = alpha[hasAlpha ? s[si + 3] : 255];
      if (a === 0) continue;
      const ia = 255 - a;
      let v = s[si] * a + d[di] * ia + 128;
      d[di] = (v + (v >> 8)) >> 8;
      v = s[si + 1] * a + d[di + 1] * ia + 128;
      d[di + 1] = (v + (v >> 8)) >> 8;
      v = s[si + 2] * a + d[di + 2] * ia + 128;
      d[di + 2] = (v + (v >> 8)) >> 8;
    }
  }
}
