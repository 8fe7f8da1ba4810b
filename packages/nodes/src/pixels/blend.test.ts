import { describe, expect, it } from 'vitest';
import { blendOnto } from './blend.ts';

const frame = (w: number, h: number, v: number) => ({ data: new Uint8Array(w * h * 3).fill(v), width: w, height: h, channels: 3 });
const image = (w: number, h: number, rgba: number[]) => ({
  data: new Uint8Array(w * h * 4).map((_, i) => rgba[i % 4]),
  width: w,
  height: h,
  channels: 4,
});

describe('blendOnto', () => {
  it('opacity 0 leaves the frame unchanged', () => {
    const dst = frame(8, 8, 50);
    blendOnto(dst, image(4, 4, [250, 0, 100, 255]), 2, 2, 0);
    expect(dst.data.every((v) => v === 50)).toBe(true);
  });

  it('an opaque pixel at opacity 1 is copied exactly, only inside the rectangle', () => {
    const dst = frame(8, 8, 50);
    blendOnto(dst, image(2, 2, [250, 0, 100, 255]), 3, 4, 1);
    const at = (x: number, y: number) => [...dst.data.subarray((y * 8 + x) * 3, (y * 8 + x) * 3 + 3)];
    expect(at(3, 4)).toEqual([250, 0, 100]);
    expect(at(4, 5)).toEqual([250, 0, 100]);
    expect(at(2, 4)).toEqual([50, 50, 50]);
    expect(at(5, 4)).toEqual([50, 50, 50]);
    expect(at(3, 6)).toEqual([50, 50, 50]);
  });

  it('mixes by alpha × opacity with correct rounding', () => {
    const dst = frame(1, 1, 0);
    blendOnto(dst, image(1, 1, [255, 255, 255, 255]), 0, 0, 0.5);
    expect([...dst.data]).toEqual([128, 128, 128]);
    const half = frame(1, 1, 100);
    blendOnto(half, image(1, 1, [200, 0, 100, 51]), 0, 0, 1);
    // 200·51/255 + 100·204/255 = 120; 0 + 80 = 80; 100
    expect([...half.data]).toEqual([120, 80, 100]);
  });

  it('is exact for every alpha at the extremes of the value range', () => {
    for (let a = 0; a < 256; a++) {
      const dst = frame(1, 1, 0);
      blendOnto(dst, image(1, 1, [255, 255, 255, a]), 0, 0, 1);
      expect(dst.data[0]).toBe(Math.round((255 * a) / 255));
    }
  });

  it('clips overlays that hang off any edge', () => {
    const dst = frame(4, 4, 0);
    blendOnto(dst, image(3, 3, [9, 9, 9, 255]), -2, -2, 1);
    blendOnto(dst, image(3, 3, [7, 7, 7, 255]), 3, 3, 1);
    blendOnto(dst, image(3, 3, [5, 5, 5, 255]), 10, 10, 1);
    expect(dst.data[0]).toBe(9);
    expect(dst.data[(1 * 4 + 1) * 3]).toBe(0);
    expect(dst.data[(3 * 4 + 3) * 3]).toBe(7);
  });

  it('treats an RGB image as opaque', () => {
    const dst = frame(2, 1, 0);
    blendOnto(dst, { data: new Uint8Array([1, 2, 3]), width: 1, height: 1, channels: 3 }, 1, 0, 1);
    expect([...dst.data]).toEqual([0, 0, 0, 1, 2, 3]);
  });
});
