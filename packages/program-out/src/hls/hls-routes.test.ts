import { describe, expect, it } from 'vitest';
import { pointInto } from './hls-routes.ts';

describe('stable playlist', () => {
  it('points the init segment and every media segment into the version folder', () => {
    const playlist = '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:1.0,\nseg_000001.m4s\n#EXTINF:1.0,\nseg_000002.m4s\n';
    expect(pointInto(playlist, 'v1a')).toBe('#EXTM3U\n#EXT-X-MAP:URI="v1a/init.mp4"\n#EXTINF:1.0,\nv1a/seg_000001.m4s\n#EXTINF:1.0,\nv1a/seg_000002.m4s\n');
  });
});
