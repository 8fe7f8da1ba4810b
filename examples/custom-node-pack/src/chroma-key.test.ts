import { describe, expect, it } from 'vitest';
import { createHarness, makeTestFrame, makeTestJpeg } from '@showflow/nodes/harness';
import type { Frame } from '@showflow/nodes/sdk';
import { chromaKeyNode } from './chroma-key.ts';

/** A green backdrop with a red square in the middle, as a camera in front of a green screen sees it. */
function greenScreen(width = 64, height = 36): Frame {
  const frame = makeTestFrame({ width, height, pattern: 'solid', color: [0, 177, 64] });
  for (let y = 12; y < 24; y++) for (let x = 24; x < 40; x++) frame.data.set([200, 30, 40], (y * width + x) * 3);
  return frame;
}

const alphaAt = (f: Frame, x: number, y: number) => f.data[(y * f.width + x) * 4 + 3];

describe('studio.lower-third.chroma-key', () => {
  it('makes the backdrop transparent and keeps the subject opaque', async () => {
    const h = await createHarness(chromaKeyNode, { scribbleInputs: true });
    const image = (await h.run({ frame: greenScreen() })).image!;
    expect([image.width, image.height, image.channels]).toEqual([64, 36, 4]);
    expect(alphaAt(image, 2, 2)).toBe(0);
    expect(alphaAt(image, 30, 18)).toBe(255);
    expect([...image.data.subarray((18 * 64 + 30) * 4, (18 * 64 + 30) * 4 + 3)]).toEqual([200, 30, 40]);
  });

  it('fades edge pixels and pulls the green spill out of them', async () => {
    const h = await createHarness(chromaKeyNode, { config: { tolerance: 40, softness: 200, despill: 1 } });
    const frame = makeTestFrame({ width: 2, height: 1, pattern: 'solid', color: [90, 170, 90] });
    const image = (await h.run({ frame })).image!;
    const [r, g, , a] = image.data;
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(255);
    expect(g).toBeLessThanOrEqual(r + 1); // despilled: green no longer above the other channels
  });

  it('decodes JPEG input from a capture device', async () => {
    const h = await createHarness(chromaKeyNode);
    const image = (await h.run({ frame: await makeTestJpeg({ width: 32, height: 16, pattern: 'solid', color: [0, 177, 64] }) })).image!;
    let transparent = 0;
    for (let i = 3; i < image.data.length; i += 4) if (image.data[i] === 0) transparent++;
    expect(transparent).toBeGreaterThan(32 * 16 * 0.9);
  });
});
