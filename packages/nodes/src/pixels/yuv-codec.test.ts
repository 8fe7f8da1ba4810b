import { describe, expect, it } from 'vitest';
import * as turbo from '@showflow/jpeg-turbo';
import type { Frame } from '../sdk/index.ts';
import { decodeFrame, encodeJpeg } from './codec.ts';
import { i420Size } from './i420.ts';
import { psnr } from './psnr.ts';
import { SyntheticScene } from './scene.ts';
import { rawToI420Frame, toI420Frame, yuvFrame } from './yuv-codec.ts';

function sceneFrame(width = 320, height = 180): Frame {
  const scene = new SyntheticScene({ width, height, fps: 30, noise: 0, seed: 1 });
  const data = Buffer.alloc(scene.byteLength);
  scene.renderClean(12, data);
  return { width, height, channels: 3, encoding: 'raw', data, seq: 12, captureTs: 1, id: 'cam#12' };
}

describe('I420 codec', () => {
  it('uses TurboJPEG here', () => {
    expect(turbo.available()).toBe(true);
  });

  it('round-trips the synthetic scene through TurboJPEG: same size, PSNR > 35 dB', async () => {
    const planes = rawToI420Frame(sceneFrame());
    const jpeg = await encodeJpeg(planes, 90);
    expect(turbo.readHeader(jpeg)).toEqual({ width: 320, height: 180, subsamp: '420' });
    const decoded = await toI420Frame({ ...planes, encoding: 'jpeg', data: jpeg });
    expect(decoded).toMatchObject({ width: 320, height: 180, channels: 3, encoding: 'yuv420', seq: 12, captureTs: 1, id: 'cam#12' });
    expect(decoded.data.length).toBe(i420Size(320, 180));
    expect(psnr(decoded.data, planes.data)).toBeGreaterThan(35);
  });

  it('decodes a JPEG into the buffer the allocator hands out and passes I420 through', async () => {
    const raw = sceneFrame(64, 36);
    const jpeg: Frame = { ...raw, encoding: 'jpeg', data: await encodeJpeg(raw) };
    const pooled = Buffer.alloc(i420Size(64, 36));
    const decoded = await toI420Frame(jpeg, (n) => (n === pooled.length ? pooled : Buffer.alloc(n)));
    expect(decoded.data).toBe(pooled);
    expect(await toI420Frame(decoded)).toBe(decoded);
  });

  it('converts I420 back to RGB for nodes that need raw pixels', async () => {
    const raw = sceneFrame(160, 90);
    const back = await decodeFrame(rawToI420Frame(raw));
    expect(back).toMatchObject({ encoding: 'raw', channels: 3, width: 160, height: 90 });
    // 4:2:0 chroma costs the colour bars' edges about 28.6 dB at this size, as with libjpeg.
    expect(psnr(back.data, raw.data)).toBeGreaterThan(27);
  });

  it('reports a corrupt or truncated JPEG as SF202 (sharp decides what TurboJPEG refuses)', async () => {
    const raw = sceneFrame(64, 36);
    const jpeg = await encodeJpeg(raw);
    const frame = (data: Buffer): Frame => ({ ...raw, encoding: 'jpeg', data });
    await expect(toI420Frame(frame(Buffer.from([0xff, 0xd8, 1, 2])))).rejects.toMatchObject({ code: 'SF202' });
    await expect(toI420Frame(frame(jpeg.subarray(0, jpeg.length >> 1)))).rejects.toMatchObject({ code: 'SF202' });
    await expect(toI420Frame({ ...rawToI420Frame(raw), data: Buffer.alloc(5) })).rejects.toMatchObject({ code: 'SF202' });
  });

  it('yuvFrame prefers the allocator’s own conversion and falls back to a direct one', async () => {
    const raw = sceneFrame(32, 18);
    const cached = rawToI420Frame(raw);
    const withYuv = { alloc: Buffer.alloc, raw: async (f: Frame) => f, yuv: async () => cached };
    expect(await yuvFrame(withYuv, raw)).toBe(cached);
    let allocated = 0;
    const plain = { alloc: (n: number) => (allocated++, Buffer.alloc(n)), raw: async (f: Frame) => f };
    const direct = await yuvFrame(plain, raw);
    expect(direct.data.equals(cached.data)).toBe(true);
    expect(allocated).toBe(1);
  });
});
