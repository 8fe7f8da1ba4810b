import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

// A producer starts a show from the gallery: picks a template, fills its form, deploys it and watches it run.
describe('template gallery against a live runtime', () => {
  let show: Show;
  let editor: Show['editor'];
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    show = await startShow();
    ({ editor, page } = show);
  });

  afterAll(() => show?.stop());

  it('shows the gallery with a rendered preview on every card', async () => {
    await page.goto(editor.url);
    await tid('open-templates').click();
    await page.waitForURL(/\/templates$/);
    for (const id of ['podcast-sponsors', 'beauty-live-commerce', 'concert-micro-drop', 'product-unboxing']) {
      await tid(`template-${id}`).waitFor();
      await expect.poll(() => tid(`template-${id}`).locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
    }
    await screenshot(page, 'templates-01-gallery');
  });

  it('validates parameters inline in the generated form', async () => {
    await tid('use-template-podcast-sponsors').click();
    await tid('template-form').waitFor();
    await tid('param-warmth').fill('3');
    await expect(tid('param-error-warmth').textContent()).resolves.toMatch(/1/);
    await expect(tid('template-import').isDisabled()).resolves.toBe(true);
    await tid('param-sponsorColor').fill('orange');
    await tid('param-error-sponsorColor').waitFor();
    await screenshot(page, 'templates-02-form-errors');
    await tid('param-warmth').fill('0.3');
    await tid('param-sponsorColor').fill('#2b8a3e');
    await tid('param-showTitle').fill('Night Talk · Live');
    await tid('template-pipeline-name').fill('Night Talk');
    await expect(tid('template-import').isDisabled()).resolves.toBe(false);
  });

  it('imports it as a new pipeline, deploys it and shows live readouts', async () => {
    await tid('template-import').click();
    await page.waitForURL(/\/pipelines\/night-talk-[0-9a-f]+$/);
    await expect(tid('pipeline-name').textContent()).resolves.toBe('Night Talk');
    await tid('node-sponsor').waitFor();
    await tid('deploy').click();
    await expect.poll(() => tid('deployed-version').textContent(), { timeout: 30_000 }).toBe('v1');
    for (const node of ['camera', 'with-sponsor', 'program']) {
      await expect.poll(() => tid(`metrics-${node}`).getAttribute('data-level'), { timeout: 30_000 }).toMatch(/^(ok|warn|over)$/);
    }
    await page.waitForTimeout(1_000);
    await screenshot(page, 'templates-03-deployed-live');
  });
});
