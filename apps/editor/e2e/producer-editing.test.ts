import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { quickAdd, screenshot } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

const PIPELINE = 'producer-desk';

// A producer's working session, step by step: each test continues where the previous one left off.
describe('a producer editing a show', () => {
  let show: Show;
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);
  const visible = (l: Locator) => l.waitFor({ state: 'visible' });

  beforeAll(async () => {
    show = await startShow({ documents: [{ schemaVersion: 1, id: PIPELINE, name: 'Producer desk', nodes: [], edges: [] }] });
    page = show.page;
  });

  afterAll(() => show?.stop());

  /** Waits for the deploy's outcome; a refused deploy fails with the runtime's problems. */
  const deployed = async (version: number) => {
    const outcome = page.getByTestId('notice').filter({ hasText: new RegExp(`Deployed v${version}$|Deploy failed`) }).last();
    await visible(outcome);
    const text = await outcome.textContent();
    if (!text?.includes(`Deployed v${version}`)) throw new Error(`${text}: ${(await tid('problem-item').allTextContents()).join(' | ')}`);
  };

  it('quick-add puts the node the producer means first, for the eight kinds of search', async () => {
    await page.goto(`${show.editor.url}/pipelines/${PIPELINE}`);
    await visible(tid('canvas'));
    const searches: [query: string, nodeId: string][] = [
      ['compose', 'compose-1'], // the exact title; other nodes only mention compose
      ['den', 'denoise-1'], // the start of a title
      ['crop', 'smart-crop-1'], // a later word of a title (Resize mentions cropping)
      ['drop', 'drop-1'], // a word after a hyphen: Micro-drop, not a discount that sells a drop
      ['stream', 'rtmp-out-1'], // inside a title word: RTMP restream
      ['text over', 'text-overlay-1'], // two words, each the start of a title word
      ['PSNR-PROBE', 'psnr-probe-1'], // capitals, the type id
      ['hqdn3d', 'denoise-2'], // only a description says it
    ];
    for (const [query, nodeId] of searches) {
      await quickAdd(page, query);
      await visible(tid(`node-${nodeId}`));
    }
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(searches.length);
    await page.keyboard.press('/');
    await page.keyboard.type('crop');
    await expect(page.locator('.sf-palette-item.is-active').getAttribute('data-testid')).resolves.toBe('palette-item-showflow.smart-crop');
    await screenshot(page, 'producer-01-quick-add-ranking');
    await page.keyboard.press('Escape');
  });

  it('asks before an in-app link leaves unsaved edits, and saves them as a draft on request', async () => {
    await visible(tid('dirty'));
    await page.getByRole('link', { name: 'Showflow' }).click();
    await visible(tid('leave-dialog'));
    await screenshot(page, 'producer-02-leave-dialog');
    await tid('leave-stay').click();
    await expect(tid('leave-dialog').count()).resolves.toBe(0);
    expect(new URL(page.url()).pathname).toBe(`/pipelines/${PIPELINE}`);

    await page.getByRole('link', { name: 'Showflow' }).click();
    await tid('leave-save').click();
    await page.waitForURL((url) => url.pathname === '/');
    const saved = await show.api.pipelines.get.query({ id: PIPELINE });
    expect(saved.document.nodes.map((n) => n.id)).toContain('psnr-probe-1');
  });

  it('keeps edits in the browser when the tab closes, and offers them back on the next visit', async () => {
    await page.goto(`${show.editor.url}/pipelines/${PIPELINE}`);
    await visible(tid('node-psnr-probe-1'));
    await expect(tid('draft-offer').count()).resolves.toBe(0);
    await quickAdd(page, 'null sink');
    await visible(tid('node-null-sink-1'));
    await visible(tid('dirty'));

    // Closing (or reloading) the tab: the browser asks, the producer leaves anyway.
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.accept().then(() => resolve(d.type()))));
    await page.evaluate(() => window.location.reload()).catch(() => undefined); // the page goes away mid-call
    await expect(asked).resolves.toBe('beforeunload');
    await visible(tid('draft-offer'));
    await expect(tid('node-null-sink-1').count()).resolves.toBe(0);
    await screenshot(page, 'producer-03-draft-offer');
    await tid('draft-restore').click();
    await visible(tid('node-null-sink-1'));
    await visible(tid('dirty'));
  });

  it('edits settings with real widgets: money in the currency, a date picker, a group of settings', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('l'); // quick-added nodes sit near each other; lay them out first
    await page.keyboard.press('f');
    await tid('node-drop-1').click();
    const price = page.getByLabel(/^Price/);
    await expect(price.inputValue()).resolves.toBe('29.00');
    await price.fill('35.5');
    await expect(tid('field-priceCents').textContent()).resolves.toContain('EUR');
    await expect(page.getByLabel('Starts at').getAttribute('type')).resolves.toBe('datetime-local');
    await page.getByLabel('Starts at').fill('2026-12-24T18:30:00');
    await price.fill('200000');
    await visible(tid('field-error-priceCents'));
    await expect(tid('field-error-priceCents').textContent()).resolves.toMatch(/^Price must be at most €100,000\.00 SF103$/);
    await price.fill('35.50');
    await expect.poll(() => tid('field-error-priceCents').count()).toBe(0);

    await quickAdd(page, 'bundle');
    await visible(tid('node-bundle-timer-1'));
    await tid('node-bundle-timer-1').click();
    // The bundle's items are a list: each list price is an amount in the currency.
    await expect(page.getByLabel('Bundle item 2 · List price').inputValue()).resolves.toBe('19.00');

    // A group of settings inside a setting is a titled set of widgets, read as "Label · Creator".
    await quickAdd(page, 'generative');
    await visible(tid('node-generative-overlay-1'));
    await tid('node-generative-overlay-1').click();
    await visible(page.getByRole('group', { name: 'Label', exact: true }));
    const creator = page.getByLabel('Label · Creator', { exact: true });
    await expect(creator.inputValue()).resolves.toBe('studio');
    await creator.fill('studio b');
    await page.getByLabel('Label · Show', { exact: true }).fill('');
    await visible(tid('field-error-label-show'));
    await expect(tid('field-error-label-show').textContent()).resolves.toBe('Label · Show cannot be empty SF103');
    await expect(tid('field-error-label-show').getAttribute('title')).resolves.toBe('SF103 at label.show');
    // The matrix's lists are edited item by item inside their group.
    await tid('field-matrix-prompts').getByRole('button', { name: 'Add prompt' }).click();
    await expect(tid('field-error-matrix-prompts-1').textContent()).resolves.toBe('Matrix · Prompt 1 cannot be empty SF103');
    await page.getByLabel('Prompt 1', { exact: true }).fill('Pastel poster');
    await expect.poll(() => tid('field-error-matrix-prompts-1').count()).toBe(0);
    await tid('field-label').scrollIntoViewIfNeeded();
    await screenshot(page, 'producer-04-group');
    await page.getByLabel('Label · Show', { exact: true }).fill('late-show');
    await expect.poll(() => tid('field-error-label-show').count()).toBe(0);
    await tid('node-drop-1').click();
    await tid('node-generative-overlay-1').click(); // the edits are the node's, not the form's
    await expect(page.getByLabel('Label · Creator', { exact: true }).inputValue()).resolves.toBe('studio b');
    await expect(page.getByLabel('Prompt 1', { exact: true }).inputValue()).resolves.toBe('Pastel poster');
    await tid('node-drop-1').click();
    await screenshot(page, 'producer-05-money-and-date');
    // Done with the selling, generating and restream nodes; they need services this show does not run.
    for (const id of ['generative-overlay-1', 'bundle-timer-1', 'drop-1', 'rtmp-out-1', 'null-sink-1']) {
      await tid(`node-${id}`).click();
      await page.keyboard.press('Delete');
      await expect.poll(() => tid(`node-${id}`).count()).toBe(0);
    }
  });

  it('deploys with a note, marks when the canvas differs from live, and lists the changed fields', async () => {
    await expect.poll(() => tid('live-marker').getAttribute('data-differs')).toBe('true');
    await expect(tid('live-marker').textContent()).resolves.toBe('draft differs from live (v1)');
    await tid('deploy-note').fill('Opening rundown');
    await tid('deploy').click();
    await deployed(2);
    await expect.poll(() => tid('live-marker').getAttribute('data-differs')).toBe('false');
    await expect(tid('deploy-note').inputValue()).resolves.toBe('');

    await tid('node-denoise-1').click();
    await page.getByLabel(/Spatial/).fill('12');
    await expect.poll(() => tid('live-marker').getAttribute('data-differs')).toBe('true');
    await tid('live-marker').click();
    await visible(tid('draft-changes'));
    await expect(tid('draft-changes').textContent()).resolves.toMatch(/Denoise \(denoise-1\) · Spatial: 0 → 12/);
    await screenshot(page, 'producer-06-draft-differs');

    await tid('deploy-note').fill('Less noise on the wide shot');
    await tid('deploy').click();
    await deployed(3);
    await expect(tid('version-note-3').textContent()).resolves.toBe('“Less noise on the wide shot”');
    await expect(tid('version-note-2').textContent()).resolves.toBe('“Opening rundown”');
    await tid('changes-3').click();
    await visible(tid('version-changes-3'));
    await expect(tid('version-changes-3').textContent()).resolves.toMatch(/Spatial: 0 → 12/);
    await expect(tid('version-changes-3').locator('[data-testid="change"]').count()).resolves.toBe(1);
  });

  it('opens an old version read-only: its settings show, nothing in it can be changed', async () => {
    await tid('open-2').click();
    await visible(tid('version-viewer'));
    const old = tid('readonly-canvas');
    await visible(old.getByTestId('node-denoise-1'));
    await old.getByTestId('node-denoise-1').click();
    await expect(tid('readonly-setting-spatial').textContent()).resolves.toBe('Spatial0');
    await page.keyboard.press('Delete');
    // Where the node sits in the graph (not on screen: dragging a fixed node pans instead).
    const placed = () => old.locator('.react-flow__node[data-id="denoise-1"]').evaluate((el: HTMLElement) => el.style.transform);
    const before = await placed();
    const box = await old.getByTestId('node-denoise-1').boundingBox();
    await page.mouse.move(box!.x + 20, box!.y + 10);
    await page.mouse.down();
    await page.mouse.move(box!.x + 220, box!.y + 160, { steps: 8 });
    await page.mouse.up();
    await expect(placed()).resolves.toBe(before);
    await visible(old.getByTestId('node-denoise-1'));
    await expect(tid('viewer-changes').textContent()).resolves.toMatch(/Spatial: 0 → 12/);
    await screenshot(page, 'producer-07-version-read-only');
    await tid('viewer-close').click();
    await expect(tid('version-viewer').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid="canvas"] .react-flow__node').count()).resolves.toBe(6);
    await expect(tid('live-marker').getAttribute('data-differs')).resolves.toBe('false');
  });

  it('zoomed out, node titles stay readable: fewer, larger labels', async () => {
    const titleOnScreen = () =>
      page.evaluate(() => {
        const title = document.querySelector('[data-testid="canvas"] .sf-node-title') as HTMLElement;
        const viewport = document.querySelector('[data-testid="canvas"] .react-flow__viewport') as HTMLElement;
        const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
        return { px: parseFloat(getComputedStyle(title).fontSize) * zoom, zoom };
      });
    const zoomOut = page.locator('[data-testid="canvas"] .react-flow__controls-zoomout');
    for (let i = 0; i < 12 && (await titleOnScreen()).zoom > 0.4; i++) await zoomOut.click();
    const at = await titleOnScreen();
    expect(at.zoom).toBeLessThanOrEqual(0.4);
    expect(12 * at.zoom).toBeLessThan(5); // what the title was before levels of detail
    expect(at.px).toBeGreaterThanOrEqual(9.5);
    await expect(page.locator('[data-testid="canvas"] .sf-node-id').first().isVisible()).resolves.toBe(false);
    await screenshot(page, 'producer-08-zoomed-out');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('f');
  });
});
