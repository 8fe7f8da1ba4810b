import { describe, expect, it } from 'vitest';
import { carriesIdr, nalTypesOf, startsKeyframe } from './h264-access-unit.ts';

const nal = (type: number, size = 4) => Buffer.from([0x60 | type, ...Array(size - 1).fill(0xab)]);
const stapA = (...units: Buffer[]) => Buffer.concat([Buffer.from([0x78]), ...units.flatMap((u) => [Buffer.from([u.length >> 8, u.length & 0xff]), u])]);
const fuA = (type: number, start: boolean) => Buffer.from([0x7c, (start ? 0x80 : 0) | type, 1, 2, 3]);

describe('H.264 RTP payloads', () => {
  it('finds SPS, PPS and IDR inside a STAP-A, the way ffmpeg packs a keyframe', () => {
    const payload = stapA(nal(7, 12), nal(8, 4), nal(6, 9));
    expect(nalTypesOf(payload)).toEqual([7, 8, 6]);
    expect(startsKeyframe(payload)).toBe(true);
  });

  it('reads only the first fragment of a FU-A', () => {
    expect(nalTypesOf(fuA(5, true))).toEqual([5]);
    expect(nalTypesOf(fuA(5, false))).toEqual([]);
    expect(carriesIdr(fuA(5, true))).toBe(true);
    expect(startsKeyframe(fuA(5, true))).toBe(false);
  });

  it('a P slice or a truncated aggregate starts nothing', () => {
    expect(startsKeyframe(nal(1))).toBe(false);
    expect(nalTypesOf(Buffer.from([0x78, 0x00, 0x40, 0x67]))).toEqual([]);
    expect(nalTypesOf(Buffer.alloc(0))).toEqual([]);
  });
});
