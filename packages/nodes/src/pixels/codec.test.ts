import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Frame } from '../sdk/index.ts';
import { decodeFrame, encodeJpeg } from './codec.ts';
import { readJpegSize } from './jpeg-header.ts';
import { psnr } from './psnr.ts';
import { SyntheticScene } from './scene.ts';

function sceneFrame(width = 320, height = 180): Frame {
  const scene = new SyntheticScene({ width, height, fps: 30, noise: 0, seed: 1 });
  const data = Buffer.alloc(scene.byteLength);
  scene.renderClean(12, data);
  return { width, height, channels: 3, encoding: 'raw', data, seq: 12, captureTs: 1, id: 'cam#12' };
}

describe('JPEG codec', () => {
  it('round-trips a real frame with high fidelity and keeps seq, time and id', async () => {
    const raw = sceneFrame();
    const jpeg = await encodeJpeg(raw, 90);
    expect(readJpegSize(jpeg)).toEqual({ width: 320, height: 180, channels: 3 });
    const decoded = await decodeFrame({ ...raw, encoding: 'jpeg', data: jpeg });
    expect(decoded).toMatchObject({ width: 320, height: 180, channels: 3, encoding: 'raw', seq: 12, captureTs: 1, id: 'cam#12' });
    expect(psnr(decoded.data, raw.data)).toBeGreaterThan(28);
  });

  it('decodes into the buffer the allocator hands out', async () => {
    const raw = sceneFrame(64, 36);
    const jpeg = { ...raw, encoding: 'jpeg' as const, data: await encodeJpeg(raw) };
    const pooled = Buffer.alloc(64 * 36 * 3);
    const decoded = await decodeFrame(jpeg, (n) => (n === pooled.length ? pooled : Buffer.alloc(n)));
    expect(decoded.data).toBe(pooled);
  });

  it('passes raw frames through and encodes RGBA by dropping alpha', async () => {
    const raw = sceneFrame(32, 18);
    expect(await decodeFrame(raw)).toBe(raw);
    const rgba: Frame = { ...raw, channels: 4, data: Buffer.alloc(32 * 18 * 4, 200) };
    const meta = await sharp(await encodeJpeg(rgba)).metadata();
    expect(meta).toMatchObject({ width: 32, height: 18, channels: 3 });
  });

  it('throws SF202 on corrupt or truncated JPEG bytes', async () => {
    const raw = sceneFrame(64, 36);
    const jpeg = await encodeJpeg(raw);
    const garbage = { ...raw, encoding: 'jpeg' as const, data: Buffer.from('definitely not a jpeg') };
    await expect(decodeFrame(garbage)).rejects.toMatchObject({ code: 'SF202', message: expect.stringContaining('cam#12') });
    const truncated = { ...raw, encoding: 'jpeg' as const, data: jpeg.subarray(0, jpeg.length >> 1) };
    await expect(decodeFrame(truncated)).rejects.toMatchObject({ code: 'SF202' });
  });

  it('throws SF202 for a raw frame whose buffer does not match its size', async () => {
    const raw = sceneFrame(32, 18);
    await expect(decodeFrame({ ...raw, width: 33 })).rejects.toMatchObject({ code: 'SF202' });
    await expect(encodeJpeg({ ...raw, data: raw.data.subarray(3) })).rejects.toMatchObject({ code: 'SF202' });
  });

  it('reads no size from bytes that are not a JPEG', () => {
    expect(readJpegSize(Buffer.from('hello world'))).toBeUndefined();
    expect(readJpegSize(Buffer.from([0xff, 0xd8, 0xff]))).toBeUndefined();
  });
});
