import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Frame } from '../sdk/index.ts';
import { decodeFrame } from './codec.ts';
import { toI420Frame } from './yuv-codec.ts';
import { loadRgb, loadRgba } from './sharp-ops.ts';
import { checkPixelCount } from './decode-limits.ts';
import { readJpegSize } from './jpeg-header.ts';

/** A small real JPEG whose frame header claims `width`×`height`, as a decompression bomb does. */
async function claimingJpeg(width: number, height: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c00' } }).jpeg().toBuffer();
  for (let i = 2; i < jpeg.length; i += 2 + jpeg.readUInt16BE(i + 2)) {
    if (jpeg[i + 1] >= 0xc0 && jpeg[i + 1] <= 0xc3) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return jpeg;
    }
  }
  throw new Error('no SOF');
}

const jpegFrame = (data: Buffer, width: number, height: number): Frame => ({ width, height, channels: 3, encoding: 'jpeg', data, seq: 1, captureTs: 0, id: 'bomb#1' });

describe('decoding limits', () => {
  it('refuses a 12000×12000 JPEG from its header with SF146 on every decode path', async () => {
    const bomb = await claimingJpeg(12_000, 12_000);
    expect(readJpegSize(bomb)).toMatchObject({ width: 12_000, height: 12_000 });
    await expect(decodeFrame(jpegFrame(bomb, 12_000, 12_000))).rejects.toMatchObject({ code: 'SF146' });
    await expect(toI420Frame(jpegFrame(bomb, 12_000, 12_000))).rejects.toMatchObject({ code: 'SF146' });
    await expect(loadRgb(bomb)).rejects.toMatchObject({ code: 'SF146' });
    await expect(loadRgba(bomb)).rejects.toMatchObject({ code: 'SF146' });
  });

  it('still decodes pictures up to the limit, and reports garbage as corrupt (SF202), not as a bomb', async () => {
    // 8K (33 MP) passes the check; 12000×12000 does not.
    expect(() => checkPixelCount(7680, 4320, '8K')).not.toThrow();
    expect(() => checkPixelCount(12_000, 12_000, 'bomb')).toThrow(expect.objectContaining({ code: 'SF146' }));
    const normal = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#0a0' } }).jpeg().toBuffer();
    expect((await decodeFrame(jpegFrame(normal, 1280, 720))).width).toBe(1280);
    expect((await toI420Frame(jpegFrame(normal, 1280, 720))).encoding).toBe('yuv420');
    await expect(toI420Frame(jpegFrame(Buffer.from([0xff, 0xd8, 1, 2, 3]), 64, 36))).rejects.toMatchObject({ code: 'SF202' });
  });
});
