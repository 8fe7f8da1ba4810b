import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { available, decodeToI420, encodeI420, i420Size, readHeader, unavailableReason } from './index.ts';

/** A smooth I420 test picture: gradients in all three planes. */
function planes(width: number, height: number): Buffer {
  const data = Buffer.alloc(i420Size(width, height));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = (x * 3 + y) & 0xff;
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  for (let i = 0; i < cw * ch; i++) {
    data[width * height + i] = 96 + ((i % cw) >> 1);
    data[width * height + cw * ch + i] = 160 - ((i / cw) >> 1);
  }
  return data;
}

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('@showflow/jpeg-turbo', () => {
  it('is built here (.ci/run installs libturbojpeg0-dev)', () => {
    expect(unavailableReason()).toBeUndefined();
    expect(available()).toBe(true);
  });

  it('sizes I420 with rounded-up chroma planes', () => {
    expect(i420Size(4, 2)).toBe(8 + 2 * 2);
    expect(i420Size(5, 3)).toBe(15 + 2 * 3 * 2);
  });

  it.each([
    [64, 32],
    [33, 17],
  ])('encodes %i×%i I420 and decodes it back to the same size and close values', (width, height) => {
    const data = planes(width, height);
    const jpeg = encodeI420(data, width, height, 95);
    expect(readHeader(jpeg)).toEqual({ width, height, subsamp: '420' });
    const decoded = decodeToI420(jpeg);
    expect(decoded).toMatchObject({ width, height, subsamp: '420' });
    expect(decoded.data.length).toBe(i420Size(width, height));
    expect(maxDiff(decoded.data, data)).toBeLessThanOrEqual(6);
  });

  it('decodes into a caller buffer, returning a view of exactly the frame', () => {
    const jpeg = encodeI420(planes(16, 8), 16, 8, 90);
    const out = Buffer.alloc(i420Size(16, 8) + 10);
    const decoded = decodeToI420(jpeg, out);
    expect(decoded.data.buffer).toBe(out.buffer);
    expect(decoded.data.length).toBe(i420Size(16, 8));
    expect(() => decodeToI420(jpeg, Buffer.alloc(10))).toThrow(/smaller/);
  });

  it('resamples 4:4:4 and greyscale JPEGs to 4:2:0', async () => {
    const rgb = await sharp({ create: { width: 20, height: 10, channels: 3, background: { r: 200, g: 40, b: 40 } } })
      .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
      .toBuffer();
    const full = decodeToI420(rgb);
    expect(full.subsamp).toBe('444');
    expect(full.data.length).toBe(i420Size(20, 10));
    // Red: V well above 128, U below.
    expect(full.data[200]).toBeLessThan(128);
    expect(full.data[200 + 50]).toBeGreaterThan(200);

    const grey = await sharp({ create: { width: 9, height: 5, channels: 3, background: '#808080' } }).toColourspace('b-w').jpeg().toBuffer();
    const g = decodeToI420(grey);
    expect(g.subsamp).toBe('gray');
    expect([...g.data.subarray(45)].every((v) => v === 128)).toBe(true);
  });

  it('throws coded errors on garbage, truncation and bad arguments', () => {
    const jpeg = encodeI420(planes(64, 32), 64, 32, 90);
    expect(() => decodeToI420(Buffer.from('not a jpeg'))).toThrow(expect.objectContaining({ code: 'JPEG_ERROR' }));
    expect(() => decodeToI420(jpeg.subarray(0, jpeg.length >> 1))).toThrow(expect.objectContaining({ code: 'JPEG_WARNING' }));
    expect(() => encodeI420(Buffer.alloc(10), 64, 32, 90)).toThrow(/smaller/);
    expect(() => encodeI420(planes(4, 4), 4, 4, 0)).toThrow(/quality/);
    expect(() => decodeToI420('x' as unknown as Buffer)).toThrow(TypeError);
  });

  it('decodes the next good frame after a corrupt and a truncated one', () => {
    const jpeg = encodeI420(planes(64, 32), 64, 32, 90);
    expect(() => decodeToI420(jpeg.subarray(0, jpeg.length >> 1))).toThrow();
    expect(readHeader(jpeg)).toEqual({ width: 64, height: 32, subsamp: '420' });
    expect(() => decodeToI420(Buffer.from('not a jpeg'))).toThrow();
    expect(decodeToI420(jpeg).data.length).toBe(i420Size(64, 32));
  });
});
