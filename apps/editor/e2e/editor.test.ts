import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { drawEdge, quickAdd, screenshot } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

// One producer at work, step by step: each test continues where the previous one left off.
describe('editor against a live runtime', () => {
  let show: Show;
  let editor: Show['editor'];
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    show = await startShow();
    ({ editor, page } = show);
  });

  afterAll(() => show?.stop());

  it('lists pipelines, including the seeded demo, and creates a new one', async () => {
    await page.goto(editor.url);
    await expectVisible(tid('pipeline-studio-demo'));
    await screenshot(page, '01-landing');
    await tid('new-pipeline-name').fill('E2E show');
    await tid('create-pipeline').click();
    await page.waitForURL(/\/pipelines\/e2e-show-[0-9a-f]+$/);
    await expect(tid('pipeline-name').textContent()).resolves.toBe('E2E show');
  });

  it('adds nodes from the palette by drag and drop and by keyboard quick-add', async () => {
    await page.getByTestId('palette-item-showflow.synthetic-capture').dragTo(tid('canvas'), { targetPosition: { x: 150, y: 200 } });
    await expectVisible(tid('node-synthetic-capture-1'));
    await quickAdd(page, 'denoise');
    await quickAdd(page, 'text overlay');
    await quickAdd(page, 'preview'); // the preview node: 'program out' ranks the Program out node first, by its exact title
    for (const id of ['denoise-1', 'text-overlay-1', 'preview-1']) await expectVisible(tid(`node-${id}`));
    await page.keyboard.press('l'); // auto-layout, so no node hides another's handles
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(4);
  });

  it('refuses a wire between incompatible ports and says why', async () => {
    await drawEdge(page, { node: 'text-overlay-1', port: 'image' }, { node: 'denoise-1', port: 'frame' });
    await expectVisible(page.getByTestId('notice').filter({ hasText: 'Connection refused: cannot connect image output to frame input' }));
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(0);
    await screenshot(page, '02-connection-refused');
  });

  it('connects compatible ports', async () => {
    await drawEdge(page, { node: 'synthetic-capture-1', port: 'frame' }, { node: 'denoise-1', port: 'frame' });
    await drawEdge(page, { node: 'denoise-1', port: 'out' }, { node: 'preview-1', port: 'frame' });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
  });

  it('shows a config validation error inline, and the runtime refuses to deploy it, pointing at the node', async () => {
    await page.getByTestId('node-text-overlay-1').click(); // an unconnected image source is not a problem, but clutter: remove it
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await tid('node-denoise-1').click();
    await page.getByLabel(/Spatial/).fill('80');
    await expectVisible(tid('field-error-spatial'));
    await expect(tid('field-error-spatial').textContent()).resolves.toMatch(/50/);
    await tid('deploy').click();
    const problem = tid('problem-item').first();
    await expectVisible(problem);
    await expect(problem.textContent()).resolves.toContain('nodes[1].config.spatial');
    await expect(tid('node-denoise-1').getAttribute('data-problem')).resolves.toBe('true');
    await screenshot(page, '03-validation-problem');
    await page.getByLabel(/Spatial/).fill('10');
    await expect.poll(() => tid('field-error-spatial').count()).toBe(0);
  });

  it('deploys a new version and fills the live readouts', async () => {
    await tid('deploy').click();
    await expectVisible(page.getByTestId('notice').filter({ hasText: 'Deployed v1' }));
    await expect(tid('deployed-version').textContent()).resolves.toBe('v1');
    await expect.poll(() => tid('metrics-denoise-1').getAttribute('data-level'), { timeout: 20_000 }).toMatch(/^(ok|warn|over)$/);
    await expect(tid('latency-denoise-1').textContent()).resolves.toMatch(/^\d+(\.\d+)?\/\d+(\.\d+)? ms$/);
    await expect.poll(() => tid('e2e-latency').textContent(), { timeout: 20_000 }).toMatch(/ms$/);
    await expect.poll(() => tid('sparkline').count(), { timeout: 20_000 }).toBe(1);
    await tid('node-preview-1').click();
    await expectVisible(page.locator('[data-testid="preview"] img'));
    await screenshot(page, '04-deployed-live');
  });

  it('deploys a change as v2, lists versions with a diff summary, and rolls back in one action', async () => {
    await tid('node-denoise-1').click();
    await page.getByLabel(/Temporal/).fill('30');
    await tid('deploy').click();
    await expectVisible(page.getByTestId('notice').filter({ hasText: 'Deployed v2' }));
    await tid('tab-versions').click();
    await expect(tid('version-2').locator('[data-testid=diff-summary]').textContent()).resolves.toBe('~1');
    await expect(tid('version-1').locator('[data-testid=diff-summary]').textContent()).resolves.toBe('+3');
    await expect(tid('version-2').textContent()).resolves.toContain('live');
    await screenshot(page, '05-versions');
    await tid('rollback-1').click();
    await expectVisible(page.getByTestId('notice').filter({ hasText: 'v1 is live' }));
    await expect(tid('deployed-version').textContent()).resolves.toBe('v1');
    await expect.poll(() => tid('version-1').textContent()).toContain('live');
    await expectVisible(tid('rollback-2'));
    await tid('tab-inspector').click();
    await tid('node-denoise-1').click();
    await expect(page.getByLabel(/Temporal/).inputValue()).resolves.toBe('12');
    await screenshot(page, '06-rolled-back');
  });

  it('undoes and redoes from the keyboard', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z'); // back to the v2 canvas from before the rollback
    await tid('node-denoise-1').click();
    await expect(page.getByLabel(/Temporal/).inputValue()).resolves.toBe('30');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+z');
    await tid('node-denoise-1').click();
    await expect(page.getByLabel(/Temporal/).inputValue()).resolves.toBe('12');
  });
});

async function expectVisible(locator: ReturnType<Page['getByTestId']>): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
  await expect(locator.first().isVisible()).resolves.toBe(true);
}
