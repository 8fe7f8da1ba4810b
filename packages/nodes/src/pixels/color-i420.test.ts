import { describe, expect, it } from 'vitest';
import { applyColor, buildColorTables, neutralColor, type ColorSettings } from './color.ts';
import { applyColorI420, buildI420ColorTables } from './color-i420.ts';
import { i420Size } from './i420.ts';
import { psnr } from './psnr.ts';
import { SyntheticScene } from './scene.ts';
import { i420ToRgb, rgbToI420 } from './yuv-convert.ts';

const W = 96;
const H = 54;

function scenePlanes(): { rgb: Buffer; yuv: Buffer } {
  const scene = new SyntheticScene({ width: W, height: H, fps: 30, noise: 0, seed: 3 });
  const rgb = Buffer.alloc(scene.byteLength);
  scene.renderClean(7, rgb);
  const yuv = Buffer.alloc(i420Size(W, H));
  rgbToI420(rgb, 3, W, H, yuv);
  return { rgb, yuv };
}

/** The RGB path's result on the same (4:2:0) picture, converted back to I420 and to RGB. */
function viaRgb(yuv: Buffer, settings: ColorSettings): Buffer {
  const rgb = Buffer.alloc(W * H * 3);
  i420ToRgb(yuv, W, H, rgb);
  const out = Buffer.alloc(rgb.length);
  applyColor(rgb, out, W * H, 3, buildColorTables(settings));
  return out;
}

function planesToRgb(yuv: Buffer): Buffer {
  const rgb = Buffer.alloc(W * H * 3);
  i420ToRgb(yuv, W, H, rgb);
  return rgb;
}

describe('colour correction on I420', () => {
  it('is the identity with neutral settings', () => {
    const { yuv } = scenePlanes();
    const out = Buffer.alloc(yuv.length);
    applyColorI420(yuv, out, W, H, buildI420ColorTables(neutralColor));
    expect(out.equals(yuv)).toBe(true);
  });

  it.each([
    ['brightness', { brightness: 0.1 }],
    ['contrast', { contrast: 1.3 }],
    ['saturation', { saturation: 1.6 }],
    ['greyscale', { saturation: 0 }],
    ['warm white balance', { temperature: 0.5 }],
    ['cool, green white balance', { temperature: -0.4, tint: -0.5 }],
    ['everything at once', { brightness: 0.03, contrast: 1.1, saturation: 1.2, temperature: 0.2, tint: 0.1 }],
  ])('matches the RGB path for %s', (_, patch) => {
    const settings = { ...neutralColor, ...patch };
    const { yuv } = scenePlanes();
    const out = Buffer.alloc(yuv.length);
    applyColorI420(yuv, out, W, H, buildI420ColorTables(settings));
    // Not bit-exact (the RGB path clamps each channel, 4:2:0 shares chroma), but close.
    expect(psnr(planesToRgb(out), viaRgb(yuv, settings))).toBeGreaterThan(36);
  });

  it('saturation 0 leaves neutral chroma and brightness moves only luma', () => {
    const { yuv } = scenePlanes();
    const out = Buffer.alloc(yuv.length);
    applyColorI420(yuv, out, W, H, buildI420ColorTables({ ...neutralColor, saturation: 0 }));
    expect(out.subarray(W * H).every((v) => v === 128)).toBe(true);
    applyColorI420(yuv, out, W, H, buildI420ColorTables({ ...neutralColor, brightness: 0.2 }));
    expect(out.subarray(W * H).equals(yuv.subarray(W * H))).toBe(true);
    expect(out[0]).toBe(Math.min(255, yuv[0] + 51));
  });

  it('keeps extreme settings in range', () => {
    const { yuv } = scenePlanes();
    const out = Buffer.alloc(yuv.length);
    applyColorI420(yuv, out, W, H, buildI420ColorTables({ brightness: 1, contrast: 4, saturation: 4, temperature: 1, tint: -1 }));
    applyColorI420(yuv, out, W, H, buildI420ColorTables({ brightness: -1, contrast: 0, saturation: 0, temperature: -1, tint: 1 }));
    expect(out.subarray(0, W * H).every((v) => v === 0)).toBe(true);
  });
});
