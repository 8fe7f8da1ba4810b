import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Frame } from '../sdk/index.ts';
import { createHarness, makeJpegFrame, makeTestFrame, makeTestJpeg } from '../harness/index.ts';
import { decodeFrame, psnr, SyntheticScene } from '../pixels/index.ts';
import { colorCorrect } from './color-correct.ts';
import { denoise } from './denoise.ts';
import { encodeJpeg } from './encode-jpeg.ts';
import { resize } from './resize.ts';
import { smartCrop } from './smart-crop.ts';

function sceneFrames(count: number, width = 160, height = 90) {
  const scene = new SyntheticScene({ width, height, fps: 30, noise: 6, seed: 5 });
  return Array.from({ length: count }, (_, seq) => {
    const clean = Buffer.alloc(scene.byteLength);
    const noisy = Buffer.alloc(scene.byteLength);
    scene.renderClean(seq, clean);
    scene.addNoise(seq, clean, noisy);
    const frame = (data: Buffer): Frame => ({ width, height, channels: 3, encoding: 'raw', data, seq, captureTs: seq, id: `cam#${seq}` });
    return { noisy: frame(noisy), clean: frame(clean) };
  });
}

describe('showflow.denoise', () => {
  it('raises PSNR against the clean picture over a few frames', async () => {
    const h = await createHarness(denoise, { config: { temporal: 15 }, scribbleInputs: true });
    let before = 0;
    let after = 0;
    for (const { noisy, clean } of sceneFrames(10)) {
      before = psnr(noisy.data, clean.data);
      const { out } = await h.send('frame', noisy);
      after = psnr(out!.data, clean.data);
      expect(out).toMatchObject({ seq: noisy.seq, id: noisy.id, captureTs: noisy.captureTs, width: 160, height: 90 });
    }
    expect(after).toBeGreaterThan(before + 2);
  });

  it('accepts JPEG frames and restarts its history when the size changes', async () => {
    const h = await createHarness(denoise);
    await h.send('frame', await makeTestJpeg({ width: 64, height: 36 }));
    const { out } = await h.send('frame', makeTestFrame({ width: 32, height: 18, seq: 1 }));
    expect(out!.data.equals(makeTestFrame({ width: 32, height: 18, seq: 1 }).data)).toBe(true);
  });

  it('throws SF202 on a corrupt JPEG and on a raw frame of the wrong length', async () => {
    const h = await createHarness(denoise);
    await expect(h.send('frame', makeJpegFrame(Buffer.from([0xff, 0xd8, 1, 2, 3]), 64, 36))).rejects.toMatchObject({ code: 'SF202' });
    await expect(h.send('frame', { ...makeTestFrame(), width: 65 })).rejects.toMatchObject({ code: 'SF202' });
    expect(h.errors).toHaveLength(2);
  });
});

describe('showflow.color-correct', () => {
  it('is the identity with default settings', async () => {
    const h = await createHarness(colorCorrect);
    const input = makeTestFrame({ width: 40, height: 20 });
    const { out } = await h.send('frame', input);
    expect(out!.data.equals(input.data)).toBe(true);
    expect(out!.data).not.toBe(input.data);
  });

  it('applies saturation 0 to a real decoded frame', async () => {
    const h = await createHarness(colorCorrect, { config: { saturation: 0 } });
    const { out } = await h.send('frame', await makeTestJpeg({ width: 40, height: 20 }));
    // JPEG input is graded on its I420 planes; shown as RGB it is grey.
    expect(out!.encoding).toBe('yuv420');
    const rgb = await decodeFrame(out!);
    for (let i = 0; i < rgb.data.length; i += 3) {
      expect(rgb.data[i]).toBe(rgb.data[i + 1]);
      expect(rgb.data[i + 1]).toBe(rgb.data[i + 2]);
    }
  });

  it('refuses config outside its range', async () => {
    await expect(createHarness(colorCorrect, { config: { contrast: -1 } })).rejects.toMatchObject({ code: 'SF103', message: /contrast/ });
  });
});

describe('showflow.resize and showflow.smart-crop', () => {
  it('resizes a real JPEG frame to the configured size', async () => {
    const h = await createHarness(resize, { config: { width: 80, height: 45 } });
    const { out } = await h.send('frame', await makeTestJpeg({ width: 160, height: 90, seq: 4 }));
    expect(out).toMatchObject({ width: 80, height: 45, channels: 3, encoding: 'raw', seq: 4 });
    expect(out!.data.length).toBe(80 * 45 * 3);
  });

  it('crops toward the detailed region', async () => {
    // Flat grey with a busy checkerboard patch in the right third.
    const frame = makeTestFrame({ width: 120, height: 40, pattern: 'solid', color: [120, 120, 120] });
    for (let y = 0; y < 40; y++) {
      for (let x = 84; x < 120; x++) {
        const v = (x >> 2) % 2 ^ (y >> 2) % 2 ? 250 : 10;
        frame.data.fill(v, (y * 120 + x) * 3, (y * 120 + x) * 3 + 3);
      }
    }
    const h = await createHarness(smartCrop, { config: { width: 40, height: 40, strategy: 'entropy' } });
    const { out } = await h.send('frame', frame);
    expect(out).toMatchObject({ width: 40, height: 40 });
    const stats = await sharp(out!.data, { raw: { width: 40, height: 40, channels: 3 } }).stats();
    expect(stats.channels[0].stdev).toBeGreaterThan(50);
  });
});

describe('showflow.encode-jpeg', () => {
  it('encodes raw frames to JPEG that decode back close to the original', async () => {
    const h = await createHarness(encodeJpeg, { config: { quality: 90 } });
    const [{ clean }] = sceneFrames(1, 320, 180);
    const { out } = await h.send('frame', clean);
    expect(out).toMatchObject({ encoding: 'jpeg', width: 320, height: 180, channels: 3, seq: 0, id: 'cam#0' });
    expect(out!.data.length).toBeLessThan(clean.data.length / 4);
    expect(psnr((await decodeFrame(out!)).data, clean.data)).toBeGreaterThan(28);
  });

  it('passes JPEG frames through as they are', async () => {
    const h = await createHarness(encodeJpeg);
    const jpeg = await makeTestJpeg();
    const { out } = await h.send('frame', jpeg);
    expect(out!.data.equals(jpeg.data)).toBe(true);
  });
});
