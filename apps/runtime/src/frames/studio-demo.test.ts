import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { runDemo, studioDemo } from './studio-demo.ts';

const FRAMES = 8;

describe('studio demo on the runtime', () => {
  it.each([
    ['raw RGB camera (RGB path)', false],
    ['JPEG camera (I420 path)', true],
  ])('%s: runs without errors and leaks no frame handles', async (_, jpegCamera) => {
    const doc = studioDemo(jpegCamera);
    const run = await runDemo(doc, FRAMES, ['denoise', 'encode']);
    const nodes = Object.fromEntries(run.metrics.nodes.map((n) => [n.nodeId, n]));
    expect(run.metrics.nodes.filter((n) => n.errors > 0).map((n) => `${n.nodeId}: ${n.lastError?.message}`)).toEqual([]);
    expect(nodes.camera.processed).toBe(FRAMES);
    expect(run.metrics.endToEnd.count).toBeGreaterThan(0);
    expect(nodes.quality.processed).toBeGreaterThan(0);
    // The probe compares the denoiser's output (I420 on the JPEG path) with the clean picture.
    const db = Number(/([\d.]+) dB/.exec(nodes.quality.status.text)?.[1]);
    expect(db).toBeGreaterThan(28);
    for (const id of ['denoise', 'encode']) {
      const preview = run.previews[id]!;
      expect(preview).toMatchObject({ width: 1280, height: 720, mime: 'image/jpeg' });
      expect(await sharp(preview.data).metadata()).toMatchObject({ width: 1280, height: 720 });
    }
    // I420 720p frames are 1280×720×1.5 bytes; the RGB path never asks for that size.
    expect(run.allocSizes.has(1280 * 720 * 1.5)).toBe(jpegCamera);
    expect(run.allocSizes.has(1280 * 720 * 3)).toBe(true);
    expect(run.leakedHandles).toBe(0);
  });
});
