import { expect, it } from 'vitest';
import { encodeSample } from '../test/support/encoded-samples.ts';
import { h264KeyframeSize, vp8KeyframeSize, vp9KeyframeSize } from './frame-size.ts';

it('reads the size of a VP8 key frame and ignores inter frames', () => {
  // The first bytes of a 640×360 key frame as Chromium sends it.
  const key = Buffer.from([0xd0, 0x5f, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01]);
  expect(vp8KeyframeSize(key)).toEqual({ width: 640, height: 360 });
  const inter = Buffer.from(key);
  inter[0] |= 1;
  expect(vp8KeyframeSize(inter)).toBeUndefined();
});

it.each([
  // Baseline SPS + PPS from libx264 (`-profile:v baseline -f h264`), emulation prevention bytes included.
  ['1280×720, no cropping', '000000016742c01fd9005005bb0110000003001000000303c0f18324800000000168cb83cb20', 1280, 720],
  ['640×360, coded as 368 and cropped', '000000016742c01ed900a02ff970110000030001000003003c0f162e480000000168cb83cb20', 640, 360],
])('reads the picture size from an H.264 SPS in an Annex-B access unit (%s)', (_case, hex, width, height) => {
  expect(h264KeyframeSize(Buffer.from(hex, 'hex'))).toEqual({ width, height });
});

it.each([
  ['vp9', vp9KeyframeSize],
  ['h264-main', h264KeyframeSize],
  ['h264-high', h264KeyframeSize],
] as const)('reads the size of a real %s key frame and ignores inter frames', async (kind, read) => {
  const sample = await encodeSample(kind, 3, '352x198', 10);
  expect(read(sample.frames[0])).toEqual({ width: 352, height: 198 });
  if (kind === 'vp9') expect(read(sample.frames[1])).toBeUndefined();
});
