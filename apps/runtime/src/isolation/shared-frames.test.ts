import { describe, expect, it } from 'vitest';
import { reviveValue, shareValue } from './shared-frames.ts';

const frame = (data: Buffer) => ({ width: 2, height: 1, channels: 3, encoding: 'raw', data, seq: 1, captureTs: 0, id: 'f' });

describe('frames crossing to a worker', () => {
  it('pass shared-memory frames as they are', () => {
    const shared = frame(Buffer.from(new SharedArrayBuffer(6)));
    expect(shareValue(shared)).toBe(shared);
  });

  it('copy an ordinary-memory frame into shared memory once, however many consumers', () => {
    const bytes = Buffer.from([1, 2, 3, 4, 5, 6]);
    const first = shareValue(frame(bytes)) as { data: Buffer };
    const second = shareValue(frame(bytes)) as { data: Buffer };
    expect(first.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...first.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(second.data).toBe(first.data);
  });

  it('leave values that are not frames alone', () => {
    expect(shareValue(42)).toBe(42);
    expect(shareValue({ text: 'hi' })).toEqual({ text: 'hi' });
  });

  it('turn an arrived view into a Buffer over the same memory', () => {
    const sab = new SharedArrayBuffer(8);
    const revived = reviveValue({ ...frame(Buffer.alloc(0)), data: new Uint8Array(sab, 2, 6) }) as { data: Buffer };
    expect(Buffer.isBuffer(revived.data)).toBe(true);
    revived.data[0] = 9;
    expect(new Uint8Array(sab)[2]).toBe(9);
  });
});
