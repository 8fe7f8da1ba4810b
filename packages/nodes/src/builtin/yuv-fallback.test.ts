import { describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';

// A machine without libjpeg-turbo: the addon reports itself unavailable and refuses work.
vi.mock('@showflow/jpeg-turbo', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@showflow/jpeg-turbo')>();
  const refuse = () => {
    throw new Error('@showflow/jpeg-turbo is not available');
  };
  return { ...actual, available: () => false, unavailableReason: () => 'not built', readHeader: refuse, decodeToI420: refuse, encodeI420: refuse };
});

const turbo = await import('@showflow/jpeg-turbo');
const { createHarness, createTestAllocator, makeJpegFrame } = await import('../harness/index.ts');
const { decodeFrame, encodeJpeg: encodeBytes, psnr, rawToI420Frame, SyntheticScene, toI420Frame } = await import('../pixels/index.ts');
const { colorCorrect } = await import('./color-correct.ts');
const { compose } = await import('./compose.ts');
const { denoise } = await import('./denoise.ts');
const { encodeJpeg } = await import('./encode-jpeg.ts');
type Frame = import('../sdk/index.ts').Frame;

const W = 160;
const H = 90;

function shot(seq: number): { noisy: Frame; clean: Frame } {
  const s = new SyntheticScene({ width: W, height: H, fps: 30, noise: 6, seed: 8 });
  const clean = Buffer.alloc(s.byteLength);
  const noisy = Buffer.alloc(s.byteLength);
  s.renderClean(seq, clean);
  s.addNoise(seq, clean, noisy);
  const frame = (data: Buffer): Frame => ({ width: W, height: H, channels: 3, encoding: 'raw', data, seq, captureTs: seq, id: `cam#${seq}` });
  return { noisy: frame(noisy), clean: frame(clean) };
}

describe('I420 path without TurboJPEG', () => {
  it('sees the addon as unavailable', () => {
    expect(turbo.available()).toBe(false);
  });

  it('decodes JPEG to I420 through sharp and converts, matching sharp’s RGB', async () => {
    const { clean } = shot(0);
    const jpeg: Frame = { ...clean, encoding: 'jpeg', data: await encodeBytes(clean, 95) };
    const planes = await toI420Frame(jpeg);
    expect(planes).toMatchObject({ encoding: 'yuv420', width: W, height: H, id: 'cam#0' });
    const expected = rawToI420Frame(await decodeFrame(jpeg));
    expect(planes.data.equals(expected.data)).toBe(true);
    await expect(toI420Frame(makeJpegFrame(Buffer.from([0xff, 0xd8, 0]), W, H))).rejects.toMatchObject({ code: 'SF202' });
  });

  it('keeps JPEG input on the RGB path, as cheap as before', async () => {
    const d = await createHarness(denoise, { config: { temporal: 15 } });
    const reference = await createHarness(denoise, { config: { temporal: 15 } });
    const c = await createHarness(colorCorrect, { config: { saturation: 1.3 } });
    for (let seq = 0; seq < 4; seq++) {
      const { noisy } = shot(seq);
      const jpeg: Frame = { ...noisy, encoding: 'jpeg', data: await encodeBytes(noisy, 95) };
      const denoised = (await d.send('frame', jpeg)).out!;
      expect(denoised.encoding).toBe('raw');
      // Exactly what the RGB kernels make of sharp's decode.
      expect(denoised.data.equals((await reference.send('frame', await decodeFrame(jpeg))).out!.data)).toBe(true);
      expect((await c.send('frame', jpeg)).out!.encoding).toBe('raw');
    }
  });

  it('runs the four nodes on I420 input with correct results', async () => {
    const frames = createTestAllocator();
    const d = await createHarness(denoise, { config: { temporal: 15 }, frames });
    const c = await createHarness(colorCorrect, { frames });
    const k = await createHarness(compose, { frames, config: { x: 0.01, y: 0.015, opacity: 0 } });
    const e = await createHarness(encodeJpeg, { frames, config: { quality: 95 } });
    let before = 0;
    let after = 0;
    for (let seq = 0; seq < 8; seq++) {
      const { noisy, clean } = shot(seq);
      const planes = rawToI420Frame(noisy);
      const truth = rawToI420Frame(clean).data;
      const denoised = (await d.send('frame', planes)).out!;
      expect(denoised.encoding).toBe('yuv420');
      before = psnr(planes.data, truth);
      after = psnr(denoised.data, truth);
      const graded = (await c.send('frame', denoised)).out!;
      expect(graded.data.equals(denoised.data)).toBe(true);
      const composed = (await k.send('frame', graded)).out!;
      expect(composed.data.equals(graded.data)).toBe(true);
      const encoded = (await e.send('frame', composed)).out!;
      // Encoded through RGB and sharp: still a 4:2:0 JPEG close to the planes.
      expect((await sharp(encoded.data).metadata()).chromaSubsampling).toBe('4:2:0');
      expect(psnr((await toI420Frame(encoded)).data, composed.data)).toBeGreaterThan(35);
    }
    expect(after).toBeGreaterThan(before + 1.5);
  });
});
