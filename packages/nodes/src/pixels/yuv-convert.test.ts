import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { encodeI420 } from '@showflow/jpeg-turbo';
import type { Frame } from '../sdk/index.ts';
import { decodeFrame } from './codec.ts';
import { i420Planes, i420Size } from './i420.ts';
import { psnr } from './psnr.ts';
import { SyntheticScene } from './scene.ts';
import { i420ToRgb, rgbToI420 } from './yuv-convert.ts';

function scene(width: number, height: number): Buffer {
  const s = new SyntheticScene({ width, height, fps: 30, noise: 0, seed: 2 });
  const data = Buffer.alloc(s.byteLength);
  s.renderClean(20, data);
  return data;
}

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('RGB ↔ I420 (full-range BT.601)', () => {
  it('maps black, white, grey and primaries to the JFIF values', () => {
    const rgb = Buffer.from([0, 0, 0, 255, 255, 255, 128, 128, 128, 255, 0, 0]);
    const yuv = Buffer.alloc(i420Size(4, 1));
    rgbToI420(rgb, 3, 4, 1, yuv);
    expect([...yuv.subarray(0, 4)]).toEqual([0, 255, 128, 76]);
    // Pure red and blue sit at the top of V and U, without wrapping past 255.
    const red = Buffer.alloc(i420Size(2, 2));
    rgbToI420(Buffer.from([255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0]), 3, 2, 2, red);
    expect([...red]).toEqual([76, 76, 76, 76, 85, 255]);
    const blue = Buffer.alloc(i420Size(2, 2));
    rgbToI420(Buffer.from([0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 255]), 3, 2, 2, blue);
    expect([...blue.subarray(4)]).toEqual([255, 107]);
    const back = Buffer.alloc(12);
    const grey = Buffer.from([0, 255, 128, 200, 128, 128, 128, 128]); // Y×4, U×2, V×2
    i420ToRgb(grey, 4, 1, back);
    expect([...back]).toEqual([0, 0, 0, 255, 255, 255, 128, 128, 128, 200, 200, 200]);
  });

  it('round-trips the scene as well as libjpeg’s own 4:2:0 (q100) does, odd sizes and RGBA included', async () => {
    for (const [w, h] of [
      [160, 90],
      [33, 17],
    ]) {
      const rgb = scene(w, h);
      const yuv = Buffer.alloc(i420Size(w, h));
      rgbToI420(rgb, 3, w, h, yuv);
      const back = Buffer.alloc(rgb.length);
      i420ToRgb(yuv, w, h, back);
      // Chroma subsampling blurs the colour bars' edges whoever does it: the reference
      // is libjpeg's converter at quality 100 (DCT losses negligible).
      const jpeg = await sharp(rgb, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 100, chromaSubsampling: '4:2:0' }).toBuffer();
      const reference = await sharp(jpeg).raw().toBuffer();
      expect(psnr(back, rgb)).toBeGreaterThan(psnr(reference, rgb) - 0.2);
      expect(psnr(back, rgb)).toBeGreaterThan(24);
      const rgba = Buffer.alloc(w * h * 4);
      for (let i = 0; i < w * h; i++) rgb.copy(rgba, i * 4, i * 3, i * 3 + 3);
      const fromRgba = Buffer.alloc(yuv.length);
      rgbToI420(rgba, 4, w, h, fromRgba);
      expect(fromRgba.equals(yuv)).toBe(true);
    }
  });

  it('converts flat areas exactly: grey and colour patches survive the round trip within 1', () => {
    const w = 8;
    const h = 4;
    const rgb = Buffer.alloc(w * h * 3);
    for (let i = 0; i < w * h; i++) rgb.set(i < 16 ? [30, 160, 220] : [128, 128, 128], i * 3);
    const yuv = Buffer.alloc(i420Size(w, h));
    rgbToI420(rgb, 3, w, h, yuv);
    const back = Buffer.alloc(rgb.length);
    i420ToRgb(yuv, w, h, back);
    // Rows 0–1 colour, rows 2–3 grey: each 2×2 block is flat, so only the block seam blends.
    expect(maxDiff(back.subarray(0, 8 * 3), rgb.subarray(0, 8 * 3))).toBeLessThanOrEqual(1);
    expect(maxDiff(back.subarray(3 * 8 * 3), rgb.subarray(3 * 8 * 3))).toBeLessThanOrEqual(1);
  });

  it('turns TurboJPEG planes into the RGB that libjpeg (sharp) decodes, within 2 levels', async () => {
    const w = 160;
    const h = 90;
    const yuv = Buffer.alloc(i420Size(w, h));
    rgbToI420(scene(w, h), 3, w, h, yuv);
    const jpeg = encodeI420(yuv, w, h, 90);
    const frame: Frame = { width: w, height: h, channels: 3, encoding: 'jpeg', data: jpeg, seq: 0, captureTs: 0, id: 'x#0' };
    const viaSharp = await decodeFrame(frame);
    const { decodeToI420 } = await import('@showflow/jpeg-turbo');
    const ours = Buffer.alloc(w * h * 3);
    i420ToRgb(decodeToI420(jpeg).data, w, h, ours);
    expect(maxDiff(ours, viaSharp.data)).toBeLessThanOrEqual(2);
    expect(psnr(ours, viaSharp.data)).toBeGreaterThan(50);
  });

  it('lays the planes out Y, U, V with rounded-up chroma', () => {
    const p = i420Planes(new Uint8Array(i420Size(5, 3)), 5, 3);
    expect([p.y.length, p.u.length, p.v.length, p.chromaWidth, p.chromaHeight]).toEqual([15, 6, 6, 3, 2]);
    expect(p.v.byteOffset).toBe(21);
  });
});
