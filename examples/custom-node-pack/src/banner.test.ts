import { describe, expect, it } from 'vitest';
import { NodeCatalog } from '@showflow/nodes/sdk';
import { createHarness } from '@showflow/nodes/harness';
import type { Frame } from '@showflow/nodes/sdk';
import { banner } from './banner.ts';

const pixel = (f: Frame, x: number, y: number) => [...f.data.subarray((y * f.width + x) * 4, (y * f.width + x) * 4 + 4)];

describe('studio.lower-third.banner', () => {
  it('renders the name and role with the accent bar down the left edge', async () => {
    const h = await createHarness(banner, { config: { name: 'Ada Lovelace', role: 'Host', accent: '#12ab34', barWidth: 8 } });
    const image = (await h.tick()).image!;
    expect(image.channels).toBe(4);
    expect(image.width).toBeGreaterThan(100);
    expect(pixel(image, 2, Math.floor(image.height / 2))).toEqual([0x12, 0xab, 0x34, 255]);
    // Somewhere in the text there is white ink on the dark box.
    let white = 0;
    for (let i = 0; i < image.data.length; i += 4) if (image.data[i] > 240 && image.data[i + 1] > 240 && image.data[i + 3] > 200) white++;
    expect(white).toBeGreaterThan(50);
    expect(h.status).toEqual({ level: 'ok', text: `${image.width}×${image.height}` });
    await h.dispose();
  });

  it('is taller with a role line than without', async () => {
    const one = (await (await createHarness(banner, { config: { name: 'Ada' } })).tick()).image!;
    const two = (await (await createHarness(banner, { config: { name: 'Ada', role: 'Host' } })).tick()).image!;
    expect(two.height).toBeGreaterThan(one.height);
  });

  it('migrates v1 configs (text "Name — Role", color) to v2', () => {
    const catalog = new NodeCatalog([banner], '@studio/lower-third');
    const result = catalog.parseConfig(banner.type, { text: 'Ada Lovelace — Host', color: '#00ff00', size: 40 }, 1);
    expect(result).toEqual({ ok: true, config: expect.objectContaining({ name: 'Ada Lovelace', role: 'Host', accent: '#00ff00', size: 40 }) });
    expect(catalog.parseConfig(banner.type, { accent: 'green' }, 2).ok).toBe(false);
  });
});
