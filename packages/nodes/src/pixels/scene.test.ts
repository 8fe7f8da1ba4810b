import { describe, expect, it } from 'vitest';
import { meanSquaredError } from './psnr.ts';
import { SyntheticScene, timecode } from './scene.ts';

describe('synthetic scene', () => {
  const options = { width: 128, height: 72, fps: 30, noise: 8, seed: 3 };

  it('renders the same frame for the same seq and a moving one for another', () => {
    const scene = new SyntheticScene(options);
    const a = new Uint8Array(scene.byteLength);
    const b = new Uint8Array(scene.byteLength);
    const c = new Uint8Array(scene.byteLength);
    scene.renderClean(10, a);
    new SyntheticScene(options).renderClean(10, b);
    scene.renderClean(25, c);
    expect(Buffer.compare(b, a)).toBe(0);
    expect(meanSquaredError(a, c)).toBeGreaterThan(0);
  });

  it('adds noise of roughly the configured strength, different every frame', () => {
    const scene = new SyntheticScene(options);
    const clean = new Uint8Array(scene.byteLength);
    const n1 = new Uint8Array(scene.byteLength);
    const n2 = new Uint8Array(scene.byteLength);
    scene.renderClean(0, clean);
    scene.addNoise(0, clean, n1);
    scene.addNoise(1, clean, n2);
    const sigma = Math.sqrt(meanSquaredError(clean, n1));
    expect(sigma).toBeGreaterThan(6);
    expect(sigma).toBeLessThan(9);
    expect(meanSquaredError(n1, n2)).toBeGreaterThan(50);
  });

  it('noise 0 is a copy', () => {
    const scene = new SyntheticScene({ ...options, noise: 0 });
    const clean = new Uint8Array(scene.byteLength);
    const out = new Uint8Array(scene.byteLength);
    scene.renderClean(4, clean);
    scene.addNoise(4, clean, out);
    expect(Buffer.compare(out, clean)).toBe(0);
  });

  it('formats a timecode from seq and fps', () => {
    expect(timecode(0, 30)).toBe('00:00:00:00');
    expect(timecode(30 * 3661 + 7, 30)).toBe('01:01:01:07');
  });
});
