import { describe, expect, it } from 'vitest';
import type { Frame } from '../sdk/index.ts';
import { createHarness, createTestAllocator, makeTestFrame } from '../harness/index.ts';
import { decodeFrame, encodeJpeg as encodeBytes, i420Planes, psnr, rawToI420Frame, SyntheticScene, toI420Frame } from '../pixels/index.ts';
import { colorCorrect } from './color-correct.ts';
import { compose } from './compose.ts';
import { denoise } from './denoise.ts';
import { encodeJpeg } from './encode-jpeg.ts';
import { psnrProbe } from './psnr-probe.ts';
import { resize } from './resize.ts';

const W = 160;
const H = 90;

function scene(count: number) {
  const s = new SyntheticScene({ width: W, height: H, fps: 30, noise: 6, seed: 5 });
  return Array.from({ length: count }, (_, seq) => {
    const clean = Buffer.alloc(s.byteLength);
    const noisy = Buffer.alloc(s.byteLength);
    s.renderClean(seq, clean);
    s.addNoise(seq, clean, noisy);
    const frame = (data: Buffer): Frame => ({ width: W, height: H, channels: 3, encoding: 'raw', data, seq, captureTs: seq, id: `cam#${seq}` });
    return { noisy: frame(noisy), clean: frame(clean) };
  });
}

async function jpegOf(raw: Frame, quality = 95): Promise<Frame> {
  return { ...raw, encoding: 'jpeg', data: await encodeBytes(raw, quality) };
}

function rgbaOverlay(width: number, height: number, rgba: number[], seq = 1): Frame {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(rgba, i * 4);
  return { width, height, channels: 4, encoding: 'raw', data, seq, captureTs: 0, id: `logo#${seq}` };
}

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('showflow.denoise on I420', () => {
  it('decodes JPEG input once to I420, outputs I420 and raises PSNR against the clean planes', async () => {
    const frames = createTestAllocator();
    const h = await createHarness(denoise, { config: { temporal: 15 }, frames, scribbleInputs: true });
    let before = 0;
    let after = 0;
    const shots = scene(10);
    for (const { noisy, clean } of shots) {
      const input = await jpegOf(noisy);
      const truth = rawToI420Frame(clean).data;
      const decoded = await toI420Frame(input);
      const { out } = await h.send('frame', input);
      expect(out).toMatchObject({ encoding: 'yuv420', channels: 3, width: W, height: H, seq: noisy.seq, id: noisy.id, captureTs: noisy.captureTs });
      before = psnr(decoded.data, truth);
      after = psnr(out!.data, truth);
    }
    expect(after).toBeGreaterThan(before + 1.5);
    expect(frames.decodes).toBe(shots.length);
  });

  it('takes I420 input as it is and goes back to RGB (with a fresh history) for raw input', async () => {
    const frames = createTestAllocator();
    const h = await createHarness(denoise, { frames });
    const [{ noisy }] = scene(1);
    const planes = rawToI420Frame(noisy);
    const { out } = await h.send('frame', planes);
    expect(out!.data.equals(planes.data)).toBe(true);
    expect(frames.decodes).toBe(0);
    const raw = (await h.send('frame', { ...noisy, seq: 1 })).out!;
    expect(raw.encoding).toBe('raw');
    expect(raw.data.equals(noisy.data)).toBe(true);
  });
});

describe('showflow.color-correct on I420', () => {
  it('is the identity (within 1) with neutral settings, for I420 and JPEG input', async () => {
    const h = await createHarness(colorCorrect);
    const [{ noisy }] = scene(1);
    const planes = rawToI420Frame(noisy);
    const out = (await h.send('frame', planes)).out!;
    expect(out.encoding).toBe('yuv420');
    expect(maxDiff(out.data, planes.data)).toBeLessThanOrEqual(1);
    expect(out.data).not.toBe(planes.data);
    const jpeg = await jpegOf(noisy);
    const fromJpeg = (await h.send('frame', jpeg)).out!;
    expect(fromJpeg.encoding).toBe('yuv420');
    expect(maxDiff(fromJpeg.data, (await toI420Frame(jpeg)).data)).toBeLessThanOrEqual(1);
  });

  it('grades like the RGB path', async () => {
    const config = { brightness: 0.05, contrast: 1.2, saturation: 1.3, temperature: 0.2, tint: -0.1 };
    const yuvNode = await createHarness(colorCorrect, { config });
    const rgbNode = await createHarness(colorCorrect, { config });
    const [{ clean }] = scene(1);
    const planes = rawToI420Frame(clean);
    const viaPlanes = await decodeFrame((await yuvNode.send('frame', planes)).out!);
    const viaRgb = (await rgbNode.send('frame', await decodeFrame(planes))).out!;
    expect(viaRgb.encoding).toBe('raw');
    expect(psnr(viaPlanes.data, viaRgb.data)).toBeGreaterThan(36);
  });
});

describe('showflow.compose on I420', () => {
  it('opacity 0 copies the frame; opacity 1 puts the overlay’s luma and chroma under it', async () => {
    const [{ clean }] = scene(1);
    const planes = rawToI420Frame(clean);
    const faded = await createHarness(compose, { config: { opacity: 0, x: 8 / W, y: 8 / H, designHeight: H } });
    await faded.send('overlay', rgbaOverlay(20, 10, [255, 0, 0, 255]));
    const copy = (await faded.send('frame', planes)).out!;
    expect(copy.encoding).toBe('yuv420');
    expect(copy.data.equals(planes.data)).toBe(true);

    const h = await createHarness(compose, { config: { opacity: 1, x: 9 / W, y: 7 / H, anchor: 'top-left', designHeight: H } });
    await h.send('overlay', rgbaOverlay(20, 10, [255, 0, 0, 255]));
    const out = (await h.send('frame', planes)).out!;
    const red = rawToI420Frame(makeTestFrame({ width: 2, height: 2, pattern: 'solid', color: [255, 0, 0] }));
    const o = i420Planes(out.data, W, H);
    const r = i420Planes(red.data, 2, 2);
    expect(o.y[7 * W + 9]).toBe(r.y[0]);
    expect(o.y[16 * W + 28]).toBe(r.y[0]);
    expect(o.y[6 * W + 9]).toBe(planes.data[6 * W + 9]);
    // Chroma samples wholly inside (x 10..27, y 8..15) carry the overlay's colour.
    expect(o.u[5 * o.chromaWidth + 6]).toBe(r.u[0]);
    expect(o.v[4 * o.chromaWidth + 13]).toBe(r.v[0]);
  });

  it('keeps the converted overlay until its revision, the opacity or the parity changes', async () => {
    const [{ clean }] = scene(1);
    const planes = rawToI420Frame(clean);
    const h = await createHarness(compose, { config: { scale: 2, x: 4 / W, y: 4 / H, opacity: 0.8, designHeight: H } });
    await h.send('overlay', rgbaOverlay(5, 5, [0, 255, 0, 255]));
    await h.send('frame', planes);
    const cached = h.state.overlays.planes;
    expect(cached).toBeDefined();
    await h.send('frame', { ...planes, seq: 1 });
    expect(h.state.overlays.planes).toBe(cached);
    await h.send('overlay', rgbaOverlay(5, 5, [0, 0, 255, 255], 2));
    await h.send('frame', { ...planes, seq: 2 });
    expect(h.state.overlays.planes).not.toBe(cached);
  });

  it('blends JPEG frames on I420 and raw frames on RGB, each matching the other closely', async () => {
    const [{ clean }] = scene(1);
    const jpeg = await jpegOf(clean, 98);
    const viaYuv = await createHarness(compose, { config: { x: 11 / W, y: 5 / H, opacity: 0.7, designHeight: H } });
    const viaRgb = await createHarness(compose, { config: { x: 11 / W, y: 5 / H, opacity: 0.7, designHeight: H } });
    const logo = rgbaOverlay(30, 12, [255, 255, 0, 200]);
    await viaYuv.send('overlay', logo);
    await viaRgb.send('overlay', logo);
    const a = (await viaYuv.send('frame', jpeg)).out!;
    const b = (await viaRgb.send('frame', await decodeFrame(jpeg))).out!;
    expect([a.encoding, b.encoding]).toEqual(['yuv420', 'raw']);
    expect(psnr((await decodeFrame(a)).data, b.data)).toBeGreaterThan(30);
  });
});

describe('showflow.encode-jpeg on I420', () => {
  it('encodes I420 frames from their planes', async () => {
    const h = await createHarness(encodeJpeg, { config: { quality: 90 } });
    const [{ clean }] = scene(1);
    const planes = rawToI420Frame(clean);
    const out = (await h.send('frame', planes)).out!;
    expect(out).toMatchObject({ encoding: 'jpeg', width: W, height: H, seq: 0, id: 'cam#0' });
    expect(psnr((await toI420Frame(out)).data, planes.data)).toBeGreaterThan(35);
    const again = (await h.send('frame', out)).out!;
    expect(again.data.equals(out.data)).toBe(true);
  });
});

describe('I420 frames downstream', () => {
  it('run through the whole chain from JPEG and feed RGB nodes (resize, PSNR probe)', async () => {
    const frames = createTestAllocator();
    const d = await createHarness(denoise, { frames });
    const c = await createHarness(colorCorrect, { frames, config: { saturation: 1.2 } });
    const k = await createHarness(compose, { frames });
    const e = await createHarness(encodeJpeg, { frames });
    const r = await createHarness(resize, { frames, config: { width: 80, height: 45 } });
    const p = await createHarness(psnrProbe, { frames });
    await k.send('overlay', rgbaOverlay(16, 8, [255, 255, 255, 255]));
    for (const { noisy, clean } of scene(3)) {
      const a = (await d.send('frame', await jpegOf(noisy))).out!;
      const b = (await c.send('frame', a)).out!;
      const composed = (await k.send('frame', b)).out!;
      expect([a.encoding, b.encoding, composed.encoding]).toEqual(['yuv420', 'yuv420', 'yuv420']);
      expect((await e.send('frame', composed)).out!.encoding).toBe('jpeg');
      expect((await r.send('frame', composed)).out).toMatchObject({ encoding: 'raw', width: 80, height: 45 });
      await p.send('reference', clean);
      const { psnr: db } = await p.send('frame', a);
      expect(db).toBeGreaterThan(25);
    }
  });
});
