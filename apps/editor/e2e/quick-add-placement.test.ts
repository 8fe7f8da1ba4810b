import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { quickAdd, screenshot, waitForCanvasAtRest } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

type Box = { x: number; y: number; width: number; height: number };
const node = (id: string, type: string, x: number, y: number) => ({ id, type, typeVersion: 1, config: {}, position: { x, y } });
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, v: Box) => a.x >= v.x && a.y >= v.y && a.x + a.width <= v.x + v.width && a.y + a.height <= v.y + v.height;
// A wall of sinks, 30 px apart: zoomed in on it, no free spot is in view.
const wall = Array.from({ length: 30 }, (_, i) => node(`null-sink-${i + 1}`, 'showflow.null-sink', (i % 6) * 250, Math.floor(i / 6) * 150));

describe('nodes added from the palette land on free canvas in view', () => {
  let show: Show;
  let page: Page;

  /** Every pipeline node's box on screen, by id. */
  const boxes = () =>
    page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('.react-flow__node-showflow')].map((el) => {
          const r = el.getBoundingClientRect();
          return [el.dataset.id!, { x: r.x, y: r.y, width: r.width, height: r.height }];
        }),
      ),
    );
  const canvasBox = async () => (await page.locator('.react-flow').boundingBox())!;

  beforeAll(async () => {
    show = await startShow({
      documents: [
        {
          schemaVersion: 1,
          id: 'placement-row',
          name: 'Placement row',
          nodes: [node('synthetic-capture-1', 'showflow.synthetic-capture', 0, 0), node('denoise-1', 'showflow.denoise', 320, 0), node('null-sink-1', 'showflow.null-sink', 640, 0)],
          edges: [],
        },
        { schemaVersion: 1, id: 'placement-wall', name: 'Placement wall', nodes: wall, edges: [] },
      ],
    });
    page = show.page;
  });

  afterAll(() => show?.stop());

  it('quick-adds nodes in a row, a tall one among them: none on another, all in view, near the centre', async () => {
    await page.goto(`${show.editor.url}/pipelines/placement-row`);
    await page.getByTestId('node-denoise-1').waitFor();
    await waitForCanvasAtRest(page);
    // The scene switcher (nine inputs: four pictures, four sounds, a cue) is the first of its type here and taller than the size guessed for it.
    for (const query of ['denoise', 'text overlay', 'null sink', 'scene switcher']) await quickAdd(page, query);
    const added = ['denoise-2', 'text-overlay-1', 'null-sink-2', 'scene-switcher-1'];
    await expect.poll(async () => Object.keys(await boxes()).length).toBe(7);
    await waitForCanvasAtRest(page);
    await screenshot(page, 'placement-01-quick-added');
    const all = await boxes();
    const view = await canvasBox();
    for (const id of added) {
      expect(inside(all[id], view), `${id} in view`).toBe(true);
      for (const [other, box] of Object.entries(all)) if (other !== id) expect(overlap(all[id], box), `${id} on ${other}`).toBe(false);
    }
  });

  it('with no free canvas in view, puts the node beside it and the view follows', async () => {
    await page.goto(`${show.editor.url}/pipelines/placement-wall`);
    await page.getByTestId('node-null-sink-15').waitFor();
    await waitForCanvasAtRest(page);
    const view = await canvasBox();
    await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -400);
    await expect.poll(() => page.locator('.react-flow__viewport').getAttribute('style')).toMatch(/scale\(2\)/);
    await waitForCanvasAtRest(page);
    await quickAdd(page, 'denoise');
    await page.getByTestId('node-denoise-1').waitFor();
    await expect.poll(async () => inside((await boxes())['denoise-1'], view)).toBe(true);
    await waitForCanvasAtRest(page);
    await screenshot(page, 'placement-02-view-follows');
    const all = await boxes();
    for (const [other, box] of Object.entries(all)) if (other !== 'denoise-1') expect(overlap(all['denoise-1'], box), `denoise-1 on ${other}`).toBe(false);
  });
});
