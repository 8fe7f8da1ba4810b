import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { sampleFrameName, writeSampleMedia } from './sample-media.ts';

const dir = mkdtempSync(join(tmpdir(), 'showflow-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSampleMedia', () => {
  it('writes numbered JPEG frames and an RGBA overlay', async () => {
    const { frames, overlay } = await writeSampleMedia(dir, { frames: 3, width: 64, height: 36 });
    expect(readdirSync(dir).sort()).toEqual([sampleFrameName(0), sampleFrameName(1), sampleFrameName(2), 'overlay.png']);
    expect(frames[0]).toBe(join(dir, 'frame-0001.jpg'));
    expect(await sharp(frames[2]).metadata()).toMatchObject({ format: 'jpeg', width: 64, height: 36 });
    expect(await sharp(overlay).metadata()).toMatchObject({ format: 'png', width: 400, height: 200, channels: 4 });
  });
});
