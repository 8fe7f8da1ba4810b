import { describe, expect, it } from 'vitest';
import { createDenoiseState, defaultDenoiseKernel, denoiseCoefficients, denoiseTemporal } from './denoise.ts';
import { createI420DenoiseState, denoiseI420 } from './denoise-i420.ts';
import { i420Size } from './i420.ts';
import { psnr } from './psnr.ts';
import { SyntheticScene } from './scene.ts';
import { rgbToI420 } from './yuv-convert.ts';

const W = 160;
const H = 90;

function planes(scene: SyntheticScene, seq: number, noisy: boolean): Buffer {
  const clean = Buffer.alloc(scene.byteLength);
  scene.renderClean(seq, clean);
  const rgb = Buffer.alloc(scene.byteLength);
  if (noisy) scene.addNoise(seq, clean, rgb);
  const yuv = Buffer.alloc(i420Size(W, H));
  rgbToI420(noisy ? rgb : clean, 3, W, H, yuv);
  return yuv;
}

describe('denoise on I420', () => {
  it('passes the first frame through and then raises PSNR against the clean planes', () => {
    const scene = new SyntheticScene({ width: W, height: H, fps: 30, noise: 8, seed: 4 });
    const state = createI420DenoiseState(W, H);
    const coef = denoiseCoefficients(15);
    const out = Buffer.alloc(i420Size(W, H));
    let before = 0;
    let after = 0;
    for (let seq = 0; seq < 12; seq++) {
      const input = planes(scene, seq, true);
      denoiseI420(input, out, state, coef);
      if (seq === 0) expect(out.equals(input)).toBe(true);
      const clean = planes(scene, seq, false);
      before = psnr(input, clean);
      after = psnr(out, clean);
    }
    expect(after).toBeGreaterThan(before + 2);
  });

  it('filters each plane exactly as the plane-by-plane kernel does, with and without the spatial pass', () => {
    const scene = new SyntheticScene({ width: W, height: H, fps: 30, noise: 6, seed: 9 });
    const temporal = denoiseCoefficients(12);
    for (const spatial of [undefined, denoiseCoefficients(6)]) {
      const state = createI420DenoiseState(W, H);
      const lumaOnly = createDenoiseState(W, H, 1);
      const out = Buffer.alloc(i420Size(W, H));
      const luma = Buffer.alloc(W * H);
      for (let seq = 0; seq < 3; seq++) {
        const input = planes(scene, seq, true);
        denoiseI420(input, out, state, temporal, spatial);
        if (!spatial) {
          denoiseTemporal(input.subarray(0, W * H), luma, lumaOnly, temporal);
          expect(out.subarray(0, W * H).equals(luma)).toBe(true);
        }
      }
      expect(state.planes.every((p) => p.primed)).toBe(true);
    }
  });

  it('runs the native kernel here, and it gives the same planes and history as the JavaScript one', () => {
    expect(defaultDenoiseKernel).toBe('native');
    const scene = new SyntheticScene({ width: W, height: H, fps: 30, noise: 10, seed: 5 });
    const coef = denoiseCoefficients(12);
    const native = { state: createI420DenoiseState(W, H), out: Buffer.alloc(i420Size(W, H)) };
    const js = { state: createI420DenoiseState(W, H), out: Buffer.alloc(i420Size(W, H)) };
    for (let seq = 0; seq < 5; seq++) {
      const input = planes(scene, seq, true);
      denoiseI420(input, native.out, native.state, coef, undefined, 'native');
      denoiseI420(input, js.out, js.state, coef, undefined, 'js');
      expect(native.out.equals(js.out)).toBe(true);
      for (let p = 0; p < 3; p++) expect(native.state.planes[p].previous).toEqual(js.state.planes[p].previous);
    }
  });
});
