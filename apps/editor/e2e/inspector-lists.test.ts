import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

const PIPELINE = 'tiered-sale';
const NODE = 'launch-discount';

const doc = {
  schemaVersion: 1 as const,
  id: PIPELINE,
  name: 'Tiered sale',
  nodes: [
    {
      id: NODE,
      type: 'showflow.discount',
      typeVersion: 1,
      config: {
        currency: 'EUR',
        tiers: [
          { afterUnits: 1, priceCents: 2900 },
          { afterUnits: 10, priceCents: 3400 },
        ],
      },
      position: { x: 100, y: 100 },
    },
  ],
  edges: [],
};

// A producer edits a discount's price tiers in the inspector: amounts in euros, cents stored.
describe('list settings in the inspector', () => {
  let show: Show;
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);
  const stored = async () => {
    const saved = await show.api.pipelines.get.query({ id: PIPELINE });
    return saved.document.nodes.find((n) => n.id === NODE)!.config as { tiers: { afterUnits: number; priceCents: number }[] };
  };

  beforeAll(async () => {
    show = await startShow({ documents: [doc] });
    page = show.page;
  });

  afterAll(() => show?.stop());

  it('edits a price inside the second tier in euros and saves it as cents', async () => {
    await page.goto(`${show.editor.url}/pipelines/${PIPELINE}`);
    await tid(`node-${NODE}`).click();
    const price = page.getByLabel('Tier 2 · Price');
    await expect(price.inputValue()).resolves.toBe('34.00');
    await expect(tid('field-tiers-2-priceCents').textContent()).resolves.toContain('EUR');
    await price.fill('12.50');
    await expect(price.inputValue()).resolves.toBe('12.50');
    await tid('save').click();
    await expect.poll(async () => (await stored()).tiers).toEqual([
      { afterUnits: 1, priceCents: 2900 },
      { afterUnits: 10, priceCents: 1250 },
    ]);
    await tid('field-tiers-2-priceCents').scrollIntoViewIfNeeded();
    await screenshot(page, 'inspector-lists-01-tier-price');
  });

  it('names the tier in a mistake and keeps the code for support', async () => {
    await page.getByLabel('Tier 2 · Price').fill('-1');
    const error = tid('field-error-tiers-2-priceCents');
    await error.waitFor();
    await expect(error.textContent()).resolves.toBe('Tier 2 · Price must be at least €0.00 SF103');
    await expect(error.getAttribute('title')).resolves.toBe('SF103 at tiers[1].priceCents');
    await error.scrollIntoViewIfNeeded();
    await screenshot(page, 'inspector-lists-02-tier-error');
    await page.getByLabel('Tier 2 · Price').fill('12.50');
    await expect.poll(() => error.count()).toBe(0);
  });

  it('adds, reorders and removes tiers from the keyboard', async () => {
    await page.getByRole('button', { name: 'Add tier' }).focus();
    await page.keyboard.press('Enter');
    // Focus lands in the new tier: the producer types its settings straight away.
    await page.keyboard.type('20');
    await page.keyboard.press('Tab');
    await page.keyboard.type('9.99');
    await expect(page.getByLabel('Tier 3 · After units').inputValue()).resolves.toBe('20');
    await page.getByRole('button', { name: 'Move Tier 3 up' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // focus followed the tier: it moves up again
    await expect(page.getByLabel('Tier 1 · Price').inputValue()).resolves.toBe('9.99');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe('Move Tier 1 down');
    await screenshot(page, 'inspector-lists-03-reordered');
    await page.getByRole('button', { name: 'Remove Tier 3' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await stored()).tiers).toEqual([
      { afterUnits: 20, priceCents: 999 },
      { afterUnits: 1, priceCents: 2900 },
    ]);
  });
});
