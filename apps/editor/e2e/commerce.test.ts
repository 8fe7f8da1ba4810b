import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactsDir, repoDir } from './support/paths.ts';
import { startShow, type Show } from './support/stack.ts';

const pipelineId = 'live-drop';
const dropNode = 'hoodie-drop';

/** The example show, with a smaller camera so the shared machine keeps up. */
function liveDropExample() {
  const doc = JSON.parse(readFileSync(path.join(repoDir, 'examples', 'pipelines', 'live-drop.json'), 'utf8'));
  doc.nodes.find((n: { id: string }) => n.id === 'camera').config = { width: 640, height: 360, fps: 10, noise: 2 };
  doc.nodes.find((n: { id: string }) => n.id === dropNode).config.size = 18;
  return doc;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifactsDir, `commerce-${name}.png`) });

// A producer cues a drop; a viewer buys it on the watch page; the producer sees the order arrive.
describe('live commerce: producer and viewer against a live runtime', () => {
  let show: Show;
  let runtime: Show['runtime'];
  let editor: Show['editor'];
  let producer: Page;
  let viewer: Page;
  let dropId: string;
  // The producer's view of orders and funnels: the owner token the stack started the runtime with.
  const api = (p: string) => fetch(`${runtime.url}${p}`, { headers: { authorization: `Bearer ${runtime.credentials.token}` } }).then((r) => r.json());

  beforeAll(async () => {
    show = await startShow({ documents: [liveDropExample()] });
    ({ runtime, editor, page: producer } = show);
    viewer = await show.browser.context.newPage();
    viewer.setDefaultTimeout(20_000);
  });

  afterAll(() => show?.stop());

  it('the producer sees the drop waiting and cues it live from the Commerce panel', async () => {
    await producer.goto(`${editor.url}/pipelines/${pipelineId}`);
    await producer.getByTestId('tab-commerce').click();
    const status = producer.getByTestId(`commerce-status-${dropNode}`);
    await expect.poll(() => status.textContent()).toBe('waiting for cue');
    await expect(producer.getByTestId(`commerce-orders-${dropNode}`).textContent()).resolves.toBe('0');
    await producer.getByTestId(`cue-start-${dropNode}`).click();
    await expect.poll(() => status.textContent()).toBe('live');
    await shot(producer, '01-producer-cued');
  });

  it('a viewer sees the live drop with the stock and countdown the server reports', async () => {
    await viewer.goto(`${editor.url}/watch/${pipelineId}`);
    const card = viewer.locator('[data-testid^="drop-drop_"]');
    await expect.poll(() => card.count()).toBe(1);
    dropId = (await card.getAttribute('data-testid'))!.slice('drop-'.length);
    const server = await api(`/api/drops/${dropId}`);
    expect(server.status).toBe('live');
    await expect.poll(() => viewer.getByTestId('drop-available').textContent()).toBe(String(server.available));
    await expect(viewer.getByTestId('drop-stock').textContent()).resolves.toBe(String(server.stock));
    await expect(viewer.getByTestId('drop-title').textContent()).resolves.toBe(server.title);
    await expect(viewer.getByTestId('drop-price').textContent()).resolves.toBe('€49.00');
    // The countdown shown is the server's: its moment plus what it said was left is exactly the drop's end.
    const countdown = viewer.getByTestId('drop-countdown');
    const shownMs = Number(await countdown.getAttribute('data-countdown-ms'));
    const shownAt = Date.parse((await countdown.getAttribute('data-server-time'))!);
    expect(new Date(shownAt + shownMs).toISOString()).toBe(server.endsAt);
    const text = (await countdown.textContent())!;
    const [m, s] = text.split(':').map(Number);
    expect(m * 60 + s).toBe(Math.ceil(shownMs / 1000));
    await expect.poll(() => viewer.getByTestId('stream-frame').count()).toBe(1);
    await shot(viewer, '02-viewer-drop');
  });

  it('the viewer reserves, must tick consent, confirms and gets a confirmation', async () => {
    await viewer.getByTestId('reserve').click();
    const checkout = viewer.getByTestId('checkout');
    await checkout.waitFor();
    const reservation = await api(`/api/reservations/${await checkout.getAttribute('data-reservation-id')}`);
    expect(reservation.status).toBe('pending');
    await expect(viewer.getByTestId('checkout-total').textContent()).resolves.toBe('€49.00');
    expect(reservation.totalCents).toBe(4900);
    await expect(viewer.getByTestId('consent').isChecked()).resolves.toBe(false);
    await expect(viewer.getByTestId('confirm-order').isDisabled()).resolves.toBe(true);
    await shot(viewer, '03-checkout-consent-unticked');
    await viewer.getByTestId('consent').check();
    await expect(viewer.getByTestId('confirm-order').isEnabled()).resolves.toBe(true);
    await viewer.getByTestId('confirm-order').click();
    await viewer.getByTestId('confirmation').waitFor();
    const orderId = (await viewer.getByTestId('order-id').textContent())!;
    const order = await api(`/api/orders/${orderId}`);
    expect(order).toMatchObject({ reservationId: reservation.id, status: 'confirmed', totalCents: 4900 });
    await shot(viewer, '04-confirmation');
  });

  it("the producer's order counter and funnel move with the sale", async () => {
    await expect.poll(() => producer.getByTestId(`commerce-orders-${dropNode}`).textContent()).toBe('1');
    const funnel = await api(`/api/drops/${dropId}/funnel`);
    expect(funnel).toMatchObject({ orders: 1, reservations: 1, oversoldUnits: 0 });
    expect(funnel.impressions).toBeGreaterThanOrEqual(1);
    expect(funnel.clicks).toBe(1);
    await expect.poll(() => producer.getByTestId('funnel-clicks').textContent()).toBe('1');
    await shot(producer, '05-producer-order-counted');
  });

  it('the viewer can back out: Cancel returns the held unit to the stock', async () => {
    await viewer.getByRole('button', { name: 'Back to the show' }).click();
    const before = await api(`/api/drops/${dropId}`);
    await viewer.getByTestId('reserve').click();
    await viewer.getByTestId('checkout').waitFor();
    await expect.poll(async () => (await api(`/api/drops/${dropId}`)).available).toBe(before.available - 1);
    await viewer.getByTestId('cancel-reservation').click();
    await viewer.getByTestId('reserve').waitFor();
    await expect.poll(async () => (await api(`/api/drops/${dropId}`)).available).toBe(before.available);
  });
});
