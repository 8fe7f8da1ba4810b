import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PipelineDocumentInput } from '@showflow/shared';
import { screenshot } from './support/canvas.ts';
import { repoDir } from './support/paths.ts';
import { startShow, type Show } from './support/stack.ts';

/** The example show, smaller and slower so the browser, build and runtime share two cores. */
function exampleShow(): PipelineDocumentInput {
  const doc = JSON.parse(readFileSync(path.join(repoDir, 'examples/pipelines/generative-overlay.json'), 'utf8')) as PipelineDocumentInput;
  const nodes = doc.nodes.map((n) => {
    if (n.id === 'camera') return { ...n, config: { ...n.config, width: 640, height: 360, fps: 15 } };
    if (n.id === 'promo') return { ...n, config: { ...n.config, width: 240, height: 136 } };
    if (n.id === 'compose') return { ...n, config: { anchor: 'top-left', x: 16, y: 16, opacity: 1 } };
    return n;
  });
  return { ...doc, id: 'gen-e2e', name: 'Generative e2e', nodes };
}

/** RGB at a few points under the overlay in the preview image the inspector shows. */
async function overlayPixels(page: Page): Promise<number[][]> {
  return page.locator('[data-testid="preview"] img').evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    return [
      [40, 40],
      [136, 84],
      [220, 130],
      [60, 120],
    ].map(([x, y]) => [...g.getImageData(x, y, 1, 1).data.slice(0, 3)]);
  });
}

const difference = (a: number[][], b: number[][]) => Math.max(...a.map((p, i) => p.reduce((s, v, c) => s + Math.abs(v - b[i][c]), 0)));

describe('generative overlay in the editor', () => {
  let show: Show;
  let editor: Show['editor'];
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    // The deploy resolves once the variations are made.
    show = await startShow({ documents: [exampleShow()] });
    ({ editor, page } = show);
  });

  afterAll(() => show?.stop());

  it('switches the overlay variation from the inspector and the program preview changes', async () => {
    await page.goto(`${editor.url}/pipelines/gen-e2e`);
    await tid('node-program').click();
    await page.locator('[data-testid="preview"] img').waitFor({ state: 'visible' });
    const before = await overlayPixels(page);

    await tid('node-promo').click();
    await tid('variations').waitFor({ state: 'visible' });
    await page.locator('[data-testid="preview"] figcaption').waitFor({ state: 'visible' });
    await expect(tid('variation-0').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect.poll(() => page.locator('[data-testid="variations"] img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
    await expect.poll(() => tid('generative-stats').textContent()).toMatch(/^cache \d+% · .+ · \d+¢$/);
    await tid('variation-2').click();
    await expect.poll(() => tid('variation-2').getAttribute('aria-pressed')).toBe('true');
    await expect(tid('variation-0').getAttribute('aria-pressed')).resolves.toBe('false');
    // The node's own preview is its latest image: it follows the switch within a refresh or two.
    const caption = () => page.locator('[data-testid="preview"] figcaption').textContent();
    const shownBefore = await caption();
    await expect.poll(caption).not.toBe(shownBefore);
    await screenshot(page, 'generative-variations');

    await tid('node-program').click();
    await expect.poll(async () => difference(await overlayPixels(page), before), { timeout: 15_000 }).toBeGreaterThan(60);
    await screenshot(page, 'generative-program-switched');
  });
});
