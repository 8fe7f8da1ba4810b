import { describe, expect, it } from 'vitest';
import { blendI420, overlayToI420 } from './blend-i420.ts';
import { i420Planes, i420Size } from './i420.ts';
import { rgbToI420 } from './yuv-convert.ts';

const W = 16;
const H = 12;

function flatFrame(rgb: [number, number, number]): Buffer {
  const pixels = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) pixels.set(rgb, i * 3);
  const yuv = Buffer.alloc(i420Size(W, H));
  rgbToI420(pixels, 3, W, H, yuv);
  return yuv;
}

function rgbaImage(width: number, height: number, rgba: [number, number, number, number]) {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(rgba, i * 4);
  return { data, width, height, channels: 4 };
}

describe('overlay blend on I420', () => {
  it('opacity 0 and fully transparent overlays leave the frame as it was', () => {
    const frame = flatFrame([20, 40, 60]);
    const before = Buffer.from(frame);
    blendI420(frame, W, H, overlayToI420(rgbaImage(6, 4, [255, 0, 0, 255]), 0, 0, 0), 2, 2);
    blendI420(frame, W, H, overlayToI420(rgbaImage(6, 4, [255, 0, 0, 0]), 1, 1, 1), 3, 5);
    expect(frame.equals(before)).toBe(true);
  });

  it('an opaque overlay at opacity 1 replaces luma and chroma under it exactly', () => {
    const frame = flatFrame([20, 40, 60]);
    const red = flatFrame([230, 30, 30]);
    blendI420(frame, W, H, overlayToI420(rgbaImage(6, 4, [230, 30, 30, 255]), 1, 0, 0), 4, 2);
    const f = i420Planes(frame, W, H);
    const r = i420Planes(red, W, H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const inside = x >= 4 && x < 10 && y >= 2 && y < 6;
        expect(f.y[y * W + x]).toBe(inside ? r.y[0] : flatFrame([20, 40, 60])[0]);
      }
    }
    // Chroma samples (2..4, 1..2) lie wholly under the overlay.
    expect(f.u[1 * f.chromaWidth + 2]).toBe(r.u[0]);
    expect(f.v[2 * f.chromaWidth + 4]).toBe(r.v[0]);
    expect(f.u[0]).not.toBe(r.u[0]);
  });

  it('half opacity lands halfway; odd positions half-cover the edge chroma samples', () => {
    const frame = flatFrame([0, 0, 0]);
    blendI420(frame, W, H, overlayToI420(rgbaImage(4, 4, [255, 255, 255, 255]), 0.5, 1, 1), 3, 3);
    const f = i420Planes(frame, W, H);
    expect(f.y[3 * W + 3]).toBe(128);
    expect(f.y[2 * W + 3]).toBe(0);
    expect(f.y[3 * W + 7]).toBe(0);
    // White on black keeps neutral chroma everywhere.
    expect(f.u.every((v) => v === 128) && f.v.every((v) => v === 128)).toBe(true);
  });

  it('clips overlays hanging off any edge and refuses a position of the wrong parity', () => {
    const frame = flatFrame([0, 0, 0]);
    const white = overlayToI420(rgbaImage(5, 5, [255, 255, 255, 255]), 1, 1, 1);
    blendI420(frame, W, H, white, -3, -3);
    blendI420(frame, W, H, white, W - 2 + 1, H - 2 + 1);
    const f = i420Planes(frame, W, H);
    expect(f.y[0]).toBe(255);
    expect(f.y[1 * W + 1]).toBe(255);
    expect(f.y[2 * W + 2]).toBe(0);
    expect(f.y[H * W - 1]).toBe(255);
    expect(() => blendI420(frame, W, H, white, 2, 3)).toThrow(RangeError);
  });
});
