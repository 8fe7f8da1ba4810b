import { describe, expect, it } from 'vitest';
import { createDenoiseState, denoiseCoefficients, LUT_MASK, denoiseSpatioTemporal, denoiseTemporal } from './denoise.ts';
import { psnr } from './psnr.ts';
import { SyntheticScene } from './scene.ts';

const W = 160;
const H = 90;

/** Runs `frames` noisy frames through a denoiser; returns PSNR vs ground truth before and after, averaged over the last few. */
function measure(run: (src: Uint8Array, dst: Uint8Array) => void, frames = 12) {
  const scene = new SyntheticScene({ width: W, height: H, fps: 30, noise: 6, seed: 7 });
  const clean = new Uint8Array(scene.byteLength);
  const noisy = new Uint8Array(scene.byteLength);
  const out = new Uint8Array(scene.byteLength);
  let before = 0;
  let after = 0;
  const measured = 4;
  for (let seq = 0; seq < frames; seq++) {
    scene.renderClean(seq, clean);
    scene.addNoise(seq, clean, noisy);
    run(noisy, out);
    if (seq >= frames - measured) {
      before += psnr(noisy, clean) / measured;
      after += psnr(out, clean) / measured;
    }
  }
  return { before, after };
}

describe('temporal denoise', () => {
  it('raises PSNR of a noisy scene against its clean ground truth', () => {
    const state = createDenoiseState(W, H, 3);
    const coef = denoiseCoefficients(15);
    const { before, after } = measure((src, dst) => denoiseTemporal(src, dst, state, coef));
    expect(after).toBeGreaterThan(before + 2);
  });

  it('with the spatial pass also raises PSNR', () => {
    const state = createDenoiseState(W, H, 3);
    const { before, after } = measure((src, dst) => denoiseSpatioTemporal(src, dst, state, denoiseCoefficients(4), denoiseCoefficients(15)));
    expect(after).toBeGreaterThan(before + 2);
  });

  it('passes the first frame through and leaves a static picture unchanged', () => {
    const src = new Uint8Array(W * H * 3).map((_, i) => (i * 13) & 0xff);
    const dst = new Uint8Array(src.length);
    const state = createDenoiseState(W, H, 3);
    const coef = denoiseCoefficients(12);
    denoiseTemporal(src, dst, state, coef);
    expect(Buffer.compare(dst, src)).toBe(0);
    denoiseTemporal(src, dst, state, coef);
    expect(Buffer.compare(dst, src)).toBe(0);
  });

  it('lets large changes (motion) through almost untouched', () => {
    const state = createDenoiseState(4, 1, 3);
    const coef = denoiseCoefficients(12);
    const dst = new Uint8Array(12);
    denoiseTemporal(new Uint8Array(12).fill(20), dst, state, coef);
    denoiseTemporal(new Uint8Array(12).fill(220), dst, state, coef);
    for (const v of dst) expect(v).toBeGreaterThanOrEqual(218);
  });

  it('strength 0 is a copy', () => {
    const coef = denoiseCoefficients(0);
    expect(coef.every((v) => v === 0)).toBe(true);
    const state = createDenoiseState(2, 1, 3);
    const dst = new Uint8Array(6);
    denoiseTemporal(new Uint8Array([1, 2, 3, 4, 5, 6]), dst, state, coef);
    denoiseTemporal(new Uint8Array([9, 9, 9, 9, 9, 9]), dst, state, coef);
    expect([...dst]).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it('coefficients pull toward the past in both directions and weaken as the difference grows', () => {
    const coef = denoiseCoefficients(10);
    const at = (bins: number) => coef[bins & LUT_MASK];
    const weight = (levels: number) => at(levels * 16) / (levels * 256);
    expect(weight(2)).toBeGreaterThan(weight(10));
    expect(weight(10)).toBeGreaterThan(weight(40));
    expect(Math.sign(at(-160))).toBe(-1);
    expect(Math.sign(at(160))).toBe(1);
  });
});

describe('temporal denoise word path', () => {
  it('gives the same bytes as the byte loop used for unaligned buffers', () => {
    const n = 61 * 3; // not a multiple of 4: exercises the tail too
    const frames = [0, 1, 2].map((k) => new Uint8Array(n).map((_, i) => (i * 37 + k * 11 + ((i * k) % 7)) & 0xff));
    const aligned = { state: createDenoiseState(61, 1, 3), out: new Uint8Array(n) };
    const unaligned = { state: createDenoiseState(61, 1, 3), out: new Uint8Array(n + 1).subarray(1) };
    const coef = denoiseCoefficients(20);
    for (const frame of frames) {
      const shifted = new Uint8Array(n + 1).subarray(1);
      shifted.set(frame);
      expect(frame.byteOffset % 4).toBe(0);
      denoiseTemporal(frame, aligned.out, aligned.state, coef, 'js');
      denoiseTemporal(shifted, unaligned.out, unaligned.state, coef, 'js');
      expect([...unaligned.out]).toEqual([...aligned.out]);
    }
  });
});
