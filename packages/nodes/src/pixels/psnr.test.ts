import { describe, expect, it } from 'vitest';
import { meanSquaredError, psnr } from './psnr.ts';

describe('psnr', () => {
  it('is Infinity for identical buffers', () => {
    const a = new Uint8Array(1000).map((_, i) => i & 0xff);
    expect(psnr(a, a.slice())).toBe(Infinity);
  });

  it('matches the formula for a known error', () => {
    const a = new Uint8Array(300).fill(100);
    const b = new Uint8Array(300).fill(110);
    expect(meanSquaredError(a, b)).toBe(100);
    expect(psnr(a, b)).toBeCloseTo(10 * Math.log10((255 * 255) / 100), 10);
  });

  it('does not overflow on maximal differences over many rows', () => {
    const n = 200_000;
    expect(psnr(new Uint8Array(n), new Uint8Array(n).fill(255))).toBeCloseTo(0, 10);
  });

  it('refuses buffers of different length', () => {
    expect(() => psnr(new Uint8Array(3), new Uint8Array(4))).toThrow(RangeError);
  });
});
