import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Frame } from '@showflow/nodes/sdk';
import { encodeJpeg } from './codec.ts';
import { FramePool } from './pool.ts';

const rawFrame = (data: Buffer, seq = 0): Frame => ({ width: 4, height: 2, channels: 3, encoding: 'raw', data, seq, captureTs: 0, id: `t#${seq}` });

describe('FramePool', () => {
  it('frees a frame when the last reference is released', () => {
    const pool = new FramePool();
    const h = pool.adopt(rawFrame(Buffer.alloc(24)));
    pool.retain(h, 2);
    expect(pool.stats()).toMatchObject({ liveHandles: 1, refs: 3 });
    pool.release(h);
    pool.release(h);
    expect(pool.has(h)).toBe(true);
    pool.release(h);
    expect(pool.has(h)).toBe(false);
    expect(pool.stats()).toMatchObject({ liveHandles: 0, refs: 0 });
    expect(() => pool.release(h)).toThrow(/released more often/);
  });

  it('gives a frame passed through again the same handle', () => {
    const pool = new FramePool();
    const frame = rawFrame(Buffer.alloc(24));
    const a = pool.adopt(frame);
    const b = pool.adopt(frame);
    expect(b).toBe(a);
    expect(pool.stats().refs).toBe(2);
  });

  it('recycles buffers from alloc by size once their frame is released', () => {
    const pool = new FramePool();
    const buffer = pool.alloc(24);
    const h = pool.adopt(rawFrame(buffer));
    expect(pool.alloc(24)).not.toBe(buffer); // still in use
    pool.release(h);
    expect(pool.stats()).toMatchObject({ recycled: 1, freeBuffers: 1, freeBytes: 24 });
    expect(pool.alloc(48)).not.toBe(buffer); // other size
    expect(pool.alloc(24)).toBe(buffer);
    expect(pool.stats()).toMatchObject({ reused: 1, freeBuffers: 0 });
  });

  it('does not recycle buffers it did not hand out', () => {
    const pool = new FramePool();
    pool.release(pool.adopt(rawFrame(Buffer.alloc(24))));
    expect(pool.stats()).toMatchObject({ recycled: 0, freeBuffers: 0 });
  });

  it('keeps at most maxFreePerSize buffers of one size', () => {
    const pool = new FramePool({ maxFreePerSize: 2 });
    const handles = [1, 2, 3].map(() => pool.adopt(rawFrame(pool.alloc(24))));
    for (const h of handles) pool.release(h);
    expect(pool.stats()).toMatchObject({ recycled: 2, freeBuffers: 2 });
  });

  it('decodes a pooled JPEG frame once for every consumer', async () => {
    const pool = new FramePool();
    const jpeg = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const frame: Frame = { width: 64, height: 32, channels: 3, encoding: 'jpeg', data: jpeg, seq: 1, captureTs: 5, id: 'cam#1' };
    pool.adopt(frame);
    const first = pool.raw(frame);
    expect(pool.raw(frame)).toBe(first);
    const raw = await first;
    expect(raw).toMatchObject({ width: 64, height: 32, channels: 3, encoding: 'raw', seq: 1, captureTs: 5, id: 'cam#1' });
    expect(raw.data.length).toBe(64 * 32 * 3);
  });

  it('reports an unreadable JPEG as SF202', async () => {
    const pool = new FramePool();
    const frame: Frame = { width: 64, height: 32, channels: 3, encoding: 'jpeg', data: Buffer.from('not a jpeg'), seq: 1, captureTs: 0, id: 'cam#1' };
    pool.adopt(frame);
    await expect(pool.raw(frame)).rejects.toMatchObject({ code: 'SF202' });
  });

  it('decodes a pooled JPEG frame to I420 once for every consumer', async () => {
    const pool = new FramePool();
    const jpeg = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const frame: Frame = { width: 64, height: 32, channels: 3, encoding: 'jpeg', data: jpeg, seq: 1, captureTs: 5, id: 'cam#1' };
    pool.adopt(frame);
    const first = pool.yuv(frame);
    expect(pool.yuv(frame)).toBe(first);
    const planes = await first;
    expect(planes).toMatchObject({ width: 64, height: 32, channels: 3, encoding: 'yuv420', seq: 1, captureTs: 5, id: 'cam#1' });
    expect(planes.data.length).toBe(64 * 32 + 2 * 32 * 16);
    // #336699 in full-range YCbCr: Y 92, Cb 164, Cr 97 (within JPEG rounding).
    expect(Math.abs(planes.data[0] - 92)).toBeLessThanOrEqual(2);
    expect(Math.abs(planes.data[64 * 32] - 164)).toBeLessThanOrEqual(2);
    expect(Math.abs(planes.data[64 * 32 + 32 * 16] - 97)).toBeLessThanOrEqual(2);
    // The RGB decode is a separate cache; both go with the frame when it is released.
    expect(pool.raw(frame)).toBe(pool.raw(frame));
  });

  it('converts raw frames to I420 once, passes I420 through and turns it back into RGB', async () => {
    const pool = new FramePool();
    const raw = rawFrame(Buffer.from(Array.from({ length: 8 }, () => [200, 100, 50]).flat()));
    pool.adopt(raw);
    const planes = await pool.yuv(raw);
    expect(pool.yuv(raw)).toBe(pool.yuv(raw));
    expect(planes).toMatchObject({ encoding: 'yuv420', width: 4, height: 2 });
    expect(planes.data.length).toBe(8 + 2 * 2);
    expect(await pool.yuv(planes)).toBe(planes);
    const back = await pool.raw(planes);
    expect(back.encoding).toBe('raw');
    for (let i = 0; i < back.data.length; i++) expect(Math.abs(back.data[i] - raw.data[i])).toBeLessThanOrEqual(2);
  });

  it('reports an unreadable JPEG as SF202 from yuv() too', async () => {
    const pool = new FramePool();
    const frame: Frame = { width: 64, height: 32, channels: 3, encoding: 'jpeg', data: Buffer.from('not a jpeg'), seq: 1, captureTs: 0, id: 'cam#1' };
    pool.adopt(frame);
    await expect(pool.yuv(frame)).rejects.toMatchObject({ code: 'SF202' });
  });

  it('encodes I420 frames for previews', async () => {
    const pool = new FramePool();
    const raw = rawFrame(Buffer.alloc(24, 128));
    const jpeg = await encodeJpeg(await pool.yuv(raw));
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 4, height: 2 });
  });

  it('hands out shared memory, so frames reach isolated workers without a copy', async () => {
    const pool = new FramePool();
    const data = pool.alloc(24);
    expect(data.buffer).toBeInstanceOf(SharedArrayBuffer);
    // Built-in work on shared buffers is unchanged (sharp reads them as any Buffer).
    data.fill(200);
    expect(await sharp(await encodeJpeg(rawFrame(data))).metadata()).toMatchObject({ width: 4, height: 2 });
  });

  it('recycles a shared buffer made by a worker once it is claimed, and nothing else', () => {
    const pool = new FramePool();
    const fromWorker = Buffer.from(new SharedArrayBuffer(24));
    pool.claim(fromWorker);
    pool.claim(Buffer.alloc(24)); // ordinary memory: not the pool's to recycle
    const h = pool.adopt(rawFrame(fromWorker));
    pool.release(h);
    expect(pool.stats()).toMatchObject({ recycled: 1, freeBuffers: 1 });
    expect(pool.alloc(24)).toBe(fromWorker);
  });
});
