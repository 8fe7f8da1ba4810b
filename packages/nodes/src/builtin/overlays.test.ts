import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Frame } from '../sdk/index.ts';
import { createHarness, makeTestFrame } from '../harness/index.ts';
import { compose } from './compose.ts';
import { imageOverlay } from './image-overlay.ts';
import { textOverlay } from './text-overlay.ts';

const dir = mkdtempSync(join(tmpdir(), 'showflow-overlays-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pixel = (f: Frame, x: number, y: number) => [...f.data.subarray((y * f.width + x) * f.channels, (y * f.width + x) * f.channels + 3)];

describe('showflow.text-overlay', () => {
  it('renders the text once as RGBA with padding and background, same revision every time', async () => {
    const h = await createHarness(textOverlay, { config: { text: 'SALE 20%', size: 24, color: '#ffffff', background: '#ff0000', padding: 10 }, nodeId: 'title' });
    const a = (await h.tick()).image!;
    const b = (await h.tick()).image!;
    expect(a.channels).toBe(4);
    expect(a.width).toBeGreaterThan(24 * 3 + 20);
    expect(a.height).toBeGreaterThanOrEqual(24 + 20);
    expect(pixel(a, 2, a.height >> 1)).toEqual([255, 0, 0]);
    expect(a.seq).toBe(b.seq);
    expect(a.id).toBe(`title#${a.seq}`);
    expect(b.data).not.toBe(a.data);
    // Some text pixels are white.
    let white = 0;
    for (let i = 0; i < a.data.length; i += 4) if (a.data[i] > 240 && a.data[i + 1] > 240) white++;
    expect(white).toBeGreaterThan(20);
    expect(textOverlay.source!.intervalMs(h.config)).toBe(500);
  });

  it('different text gives a different revision', async () => {
    const one = await createHarness(textOverlay, { config: { text: 'one' } });
    const two = await createHarness(textOverlay, { config: { text: 'two' } });
    expect((await one.tick()).image!.seq).not.toBe((await two.tick()).image!.seq);
  });
});

describe('showflow.image-overlay', () => {
  it('loads a PNG as RGBA with its transparency', async () => {
    const path = join(dir, 'logo.png');
    await sharp({ create: { width: 30, height: 10, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toFile(path);
    const h = await createHarness(imageOverlay, { config: { path } });
    const { image } = await h.tick();
    expect(image).toMatchObject({ width: 30, height: 10, channels: 4, encoding: 'raw' });
    expect([...image!.data.subarray(0, 4)]).toEqual([0, 0, 255, 128]);
  });

  it('a missing file sets an error status without throwing', async () => {
    const h = await createHarness(imageOverlay, { config: { path: join(dir, 'missing.png') } });
    expect(await h.tick()).toEqual({});
    expect(h.status?.level).toBe('error');
  });
});

describe('showflow.compose', () => {
  const overlay = (w: number, h: number, rgba: number[], seq = 1): Frame => ({
    ...makeTestFrame({ width: w, height: h, channels: 4, pattern: 'solid', color: rgba, seq, source: 'logo' }),
  });

  it('passes frames through unchanged until an overlay has arrived', async () => {
    const h = await createHarness(compose);
    const input = makeTestFrame({ width: 40, height: 20 });
    expect(await h.send('overlay', overlay(4, 4, [255, 0, 0, 255]))).toEqual({});
    expect(h.runs).toBe(0);
    const bare = await createHarness(compose);
    const { out } = await bare.send('frame', input);
    expect(out!.data.equals(input.data)).toBe(true);
  });

  it('blends the latest overlay at the anchor with opacity, leaving the input intact', async () => {
    const h = await createHarness(compose, { config: { anchor: 'bottom-right', x: 2 / 20, y: 1 / 10, opacity: 1, designHeight: 10 } });
    const input = makeTestFrame({ width: 20, height: 10, pattern: 'solid', color: [10, 20, 30] });
    await h.send('overlay', overlay(4, 3, [200, 100, 0, 255]));
    const { out } = await h.send('frame', input);
    // Overlay covers x 14..17, y 6..8.
    expect(pixel(out!, 14, 6)).toEqual([200, 100, 0]);
    expect(pixel(out!, 17, 8)).toEqual([200, 100, 0]);
    expect(pixel(out!, 18, 8)).toEqual([10, 20, 30]);
    expect(pixel(out!, 14, 9)).toEqual([10, 20, 30]);
    expect(pixel(input, 14, 6)).toEqual([10, 20, 30]);
  });

  it('opacity 0 is a copy; scaled overlays are cached per revision', async () => {
    const faded = await createHarness(compose, { config: { opacity: 0, x: 0, y: 0, designHeight: 16 } });
    await faded.send('overlay', overlay(4, 4, [255, 255, 255, 255]));
    const input = makeTestFrame({ width: 16, height: 16 });
    expect((await faded.send('frame', input)).out!.data.equals(input.data)).toBe(true);

    const h = await createHarness(compose, { config: { scale: 2, x: 0, y: 0, designHeight: 16 } });
    await h.send('overlay', overlay(3, 3, [0, 255, 0, 255]));
    const first = (await h.send('frame', makeTestFrame({ width: 16, height: 16, pattern: 'solid', color: [0, 0, 0] }))).out!;
    expect(pixel(first, 5, 5)).toEqual([0, 255, 0]);
    expect(pixel(first, 6, 6)).toEqual([0, 0, 0]);
    const cached = h.state.overlays.rgb;
    await h.send('frame', makeTestFrame({ width: 16, height: 16 }));
    expect(h.state.overlays.rgb).toBe(cached);
    await h.send('overlay', overlay(3, 3, [0, 0, 255, 255], 2));
    const third = (await h.send('frame', makeTestFrame({ width: 16, height: 16, pattern: 'solid', color: [0, 0, 0] }))).out!;
    expect(h.state.overlays.rgb).not.toBe(cached);
    expect(pixel(third, 0, 0)).toEqual([0, 0, 255]);
  });
});
