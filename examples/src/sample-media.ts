import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Frame } from '@showflow/nodes';
import { encodeJpeg, SyntheticScene } from '@showflow/nodes/pixels';

export interface SampleMediaOptions {
  frames: number;
  width: number;
  height: number;
  fps: number;
  /** Noise standard deviation in 8-bit levels. */
  noise: number;
  quality: number;
  seed: number;
}

export const defaultSampleMedia: SampleMediaOptions = { frames: 90, width: 1280, height: 720, fps: 30, noise: 6, quality: 90, seed: 1 };

/** The noisy scene frames as `frame-0001.jpg`…, numbered from 1 like ffmpeg's image2 muxer. */
export function sampleFrameName(index: number): string {
  return `frame-${String(index + 1).padStart(4, '0')}.jpg`;
}

/**
 * Writes the synthetic show as a JPEG sequence (what the image-sequence node plays) and
 * a 400×200 translucent logo PNG for overlay demos. Frame `i` is the scene at seq `i`,
 * so the clean picture can be re-rendered later as ground truth.
 */
export async function writeSampleMedia(dir: string, options: Partial<SampleMediaOptions> = {}): Promise<{ frames: string[]; overlay: string }> {
  const o = { ...defaultSampleMedia, ...options };
  await mkdir(dir, { recursive: true });
  const scene = new SyntheticScene(o);
  const clean = Buffer.alloc(scene.byteLength);
  const noisy = Buffer.alloc(scene.byteLength);
  const frames: string[] = [];
  for (let seq = 0; seq < o.frames; seq++) {
    scene.renderClean(seq, clean);
    scene.addNoise(seq, clean, noisy);
    const frame: Frame = { width: o.width, height: o.height, channels: 3, encoding: 'raw', data: noisy, seq, captureTs: 0, id: `sample#${seq}` };
    const path = join(dir, sampleFrameName(seq));
    await writeFile(path, await encodeJpeg(frame, o.quality));
    frames.push(path);
  }
  const overlay = join(dir, 'overlay.png');
  await writeFile(overlay, await renderLogo());
  return { frames, overlay };
}

async function renderLogo(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">
  <defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#ff2d6f"/><stop offset="1" stop-color="#6a3cff"/></linearGradient></defs>
  <rect x="4" y="4" width="392" height="192" rx="28" fill="url(#g)" fill-opacity="0.8"/>
  <text x="200" y="118" font-family="DejaVu Sans" font-weight="bold" font-size="56" fill="#ffffff" text-anchor="middle">SHOWFLOW</text>
</svg>`;
  return sharp(Buffer.from(svg)).ensureAlpha().png().toBuffer();
}
