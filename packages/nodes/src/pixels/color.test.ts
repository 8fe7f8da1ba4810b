import { describe, expect, it } from 'vitest';
import { applyColor, buildColorTables, neutralColor } from './color.ts';

const pixels = (values: number[][]) => new Uint8Array(values.flat());

describe('colour correct', () => {
  it('neutral settings are the identity on every value', () => {
    const src = new Uint8Array(256 * 3).map((_, i) => (i * 89) & 0xff);
    const dst = new Uint8Array(src.length);
    applyColor(src, dst, 256, 3, buildColorTables(neutralColor));
    expect(Buffer.compare(dst, src)).toBe(0);
  });

  it('saturation 0 makes every pixel grey, and keeps alpha', () => {
    const src = pixels([
      [200, 40, 10, 255],
      [0, 180, 250, 7],
    ]);
    const dst = new Uint8Array(src.length);
    applyColor(src, dst, 2, 4, buildColorTables({ ...neutralColor, saturation: 0 }));
    expect(dst[0]).toBe(dst[1]);
    expect(dst[1]).toBe(dst[2]);
    expect(dst[4]).toBe(dst[6]);
    expect([dst[3], dst[7]]).toEqual([255, 7]);
  });

  it('more saturation moves channels away from luma, clamped to 0..255', () => {
    const src = pixels([[200, 100, 50]]);
    const dst = new Uint8Array(3);
    applyColor(src, dst, 1, 3, buildColorTables({ ...neutralColor, saturation: 4 }));
    expect(dst[0]).toBe(255);
    expect(dst[2]).toBe(0);
  });

  it('brightness and contrast act around mid-grey', () => {
    const t = buildColorTables({ ...neutralColor, contrast: 2 });
    expect(t.r[128]).toBeCloseTo(128, -1);
    expect(t.r[64]).toBeLessThan(10);
    expect(t.r[192]).toBeGreaterThan(245);
    const b = buildColorTables({ ...neutralColor, brightness: 0.1 });
    expect(b.g[100]).toBe(126);
    expect(b.g[250]).toBe(255);
  });

  it('warm temperature lifts red and lowers blue', () => {
    const src = pixels([[128, 128, 128]]);
    const dst = new Uint8Array(3);
    applyColor(src, dst, 1, 3, buildColorTables({ ...neutralColor, temperature: 0.5 }));
    expect(dst[0]).toBeGreaterThan(128);
    expect(dst[1]).toBe(128);
    expect(dst[2]).toBeLessThan(128);
  });
});

describe('colour correct word path', () => {
  it('gives the same bytes as the byte loop used for unaligned buffers', () => {
    const pixels = 37; // not a multiple of 4: exercises the tail too
    const src = new Uint8Array(pixels * 3).map((_, i) => (i * 53 + 17) & 0xff);
    const shifted = new Uint8Array(src.length + 1).subarray(1);
    shifted.set(src);
    const tables = buildColorTables({ brightness: -0.05, contrast: 1.3, saturation: 1.7, temperature: 0.3, tint: -0.2 });
    const aligned = new Uint8Array(src.length);
    const unaligned = new Uint8Array(src.length + 1).subarray(1);
    applyColor(src, aligned, pixels, 3, tables);
    applyColor(shifted, unaligned, pixels, 3, tables);
    expect([...unaligned]).toEqual([...aligned]);
  });
});
