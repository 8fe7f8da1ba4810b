import { describe, expect, it } from 'vitest';
import { available, denoiseTemporal, unavailableReason } from './index.ts';

/** hqdn3d's temporal step, written out plainly as the reference. */
function reference(src: Uint8Array, dst: Uint8Array, previous: Uint16Array, coef: Int16Array, length: number): void {
  for (let i = 0; i < length; i++) {
    const cur = src[i] << 8;
    const value = cur + coef[((previous[i] - cur) >> 4) & 8191];
    previous[i] = value;
    dst[i] = (value + 0x7f) >> 8;
  }
}

/** Deterministic pseudo-random fill, so a failure reproduces. */
function fill<T extends Uint8Array | Uint16Array | Int16Array>(array: T, seed: number, range: number, offset = 0): T {
  let x = seed;
  for (let i = 0; i < array.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    array[i] = (x % range) + offset;
  }
  return array;
}

describe('@showflow/pixel-native', () => {
  it('is built here (.ci/run has a C compiler and node-gyp)', () => {
    expect(unavailableReason()).toBeUndefined();
    expect(available()).toBe(true);
  });

  it('gives the same bytes and history as the reference over several frames, including history values near both ends', () => {
    const n = 4099; // not a multiple of 4 or 8: no tail left out
    const coef = fill(new Int16Array(8192), 7, 1025, -512);
    const history = { native: fill(new Uint16Array(n), 3, 65536), reference: new Uint16Array(0) };
    history.native[0] = 0;
    history.native[1] = 65535;
    history.reference = history.native.slice();
    for (let frame = 0; frame < 4; frame++) {
      const src = fill(new Uint8Array(n), 100 + frame, 256);
      const out = { native: new Uint8Array(n), reference: new Uint8Array(n) };
      denoiseTemporal(src, out.native, history.native, coef, n);
      reference(src, out.reference, history.reference, coef, n);
      expect(Buffer.from(out.native).equals(Buffer.from(out.reference))).toBe(true);
      expect(Buffer.from(history.native.buffer).equals(Buffer.from(history.reference.buffer))).toBe(true);
    }
  });

  it('filters in place when src and dst are the same buffer', () => {
    const n = 1000;
    const coef = fill(new Int16Array(8192), 11, 1025, -512);
    const frame = fill(new Uint8Array(n), 12, 256);
    const history = fill(new Uint16Array(n), 13, 65536);
    const expected = new Uint8Array(n);
    reference(frame, expected, history.slice(), coef, n);
    denoiseTemporal(frame, frame, history, coef, n);
    expect([...frame]).toEqual([...expected]);
  });

  it('touches only the first `length` bytes', () => {
    const src = new Uint8Array(16).fill(200);
    const dst = new Uint8Array(16).fill(7);
    denoiseTemporal(src, dst, new Uint16Array(16), new Int16Array(8192), 10);
    expect([...dst.subarray(0, 10)]).toEqual(new Array(10).fill(200));
    expect([...dst.subarray(10)]).toEqual(new Array(6).fill(7));
  });

  it('refuses wrong array types and lengths beyond an array with a stable code', () => {
    const coef = new Int16Array(8192);
    const bytes = new Uint8Array(8);
    const history = new Uint16Array(8);
    expect(() => denoiseTemporal(bytes, bytes, new Uint8Array(8) as unknown as Uint16Array, coef, 8)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE', message: 'previous must be a Uint16Array' }),
    );
    expect(() => denoiseTemporal(bytes, bytes, history, coef, 9)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
    expect(() => denoiseTemporal(bytes, bytes, history, new Int16Array(100), 8)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
  });
});
