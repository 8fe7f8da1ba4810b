import { describe, expect, it } from 'vitest';
import type { Frame } from '../sdk/index.ts';
import { createHarness, makeTestFrame } from '../harness/index.ts';
import { compose } from './compose.ts';
import { createBuiltinCatalog } from './index.ts';

/** The bounding box of pixels that differ from the solid background colour, as fractions of the frame. */
function overlayBox(frame: Frame, background: number[]) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const i = (y * frame.width + x) * frame.channels;
      if (Math.abs(frame.data[i] - background[0]) + Math.abs(frame.data[i + 1] - background[1]) + Math.abs(frame.data[i + 2] - background[2]) > 60) {
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
    }
  }
  return { left: minX / frame.width, top: minY / frame.height, right: (maxX + 1) / frame.width, bottom: (maxY + 1) / frame.height };
}

// A 400×120 card drawn for 720-line frames: a lower third.
const card = (): Frame => makeTestFrame({ width: 400, height: 120, channels: 4, pattern: 'solid', color: [250, 250, 250, 255], source: 'card' });
const background = [20, 30, 40];

async function composed(width: number, height: number, config: Record<string, unknown>) {
  const h = await createHarness(compose, { config });
  await h.send('overlay', card());
  const { out } = await h.send('frame', makeTestFrame({ width, height, pattern: 'solid', color: background }));
  return overlayBox(out!, background);
}

describe('showflow.compose geometry relative to the frame', () => {
  it('puts and sizes an overlay the same on 640×360 as on 1280×720', async () => {
    for (const anchor of ['top-left', 'bottom-right'] as const) {
      const config = { anchor, x: 0.025, y: 0.05 };
      const big = await composed(1280, 720, config);
      const small = await composed(640, 360, config);
      for (const side of ['left', 'top', 'right', 'bottom'] as const) expect(Math.abs(big[side] - small[side])).toBeLessThan(0.01);
      // On 720 lines the card keeps its drawn size: 400/1280 of the width, 120/720 of the height.
      expect(big.right - big.left).toBeCloseTo(400 / 1280, 2);
      expect(big.bottom - big.top).toBeCloseTo(120 / 720, 2);
    }
  });

  it('upgrades v1 pixel offsets written for 1280×720 to the same place on a 1280×720 frame', () => {
    const catalog = createBuiltinCatalog();
    const parsed = catalog.parseConfig('showflow.compose', { anchor: 'top-right', x: 32, y: 36, scale: 1, opacity: 0.9 }, 1);
    expect(parsed).toEqual({ ok: true, config: { anchor: 'top-right', x: 0.025, y: 0.05, scale: 1, opacity: 0.9, designHeight: 720 } });
    const defaults = catalog.parseConfig('showflow.compose', {}, 1);
    if (!defaults.ok) throw new Error('v1 defaults did not parse');
    expect(defaults.config.x).toBe(0.025);
    expect(defaults.config.y).toBeCloseTo(32 / 720, 5);
  });

  it('refuses offsets that are not fractions of the frame', () => {
    const issues = createBuiltinCatalog().checkConfig('showflow.compose', { x: 32 }, 2);
    expect(issues[0]?.path).toEqual(['x']);
  });
});
