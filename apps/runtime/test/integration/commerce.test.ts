import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../fixtures/app.ts';
import { bearer } from '../fixtures/auth.ts';
import { eventually, liveDropDocument, rest, seenEvents, startCommerceRuntime } from './commerce.fixture.ts';

describe('commerce in a running pipeline, over real HTTP', () => {
  let rt: Awaited<ReturnType<typeof startCommerceRuntime>>;
  let base: string;
  let dropId: string;

  beforeAll(async () => {
    rt = await startCommerceRuntime();
    base = rt.server.url;
  }, 180_000);
  afterAll(async () => {
    await rt?.close();
  });

  it('deploys a pipeline whose drop node waits, hidden, for the producer\'s cue', { timeout: 180_000 }, async () => {
    await rt.client.pipelines.save.mutate({ document: liveDropDocument('drop-show') });
    await rt.client.pipelines.deploy.mutate({ id: 'drop-show' });
    const shows = await rest(base, 'GET', '/api/shows/drop-show/drops');
    expect(shows.status).toBe(200);
    expect(shows.json.drops).toHaveLength(1);
    expect(shows.json.drops[0]).toMatchObject({ nodeId: 'hoodie', type: 'showflow.drop', drop: { status: 'scheduled', startsOnCue: true, stock: 10 } });
    dropId = shows.json.drops[0].drop.id;
    const refused = await rest(base, 'POST', `/api/drops/${dropId}/reservations`, { viewerId: 'early' }, 'early-1');
    expect(refused).toMatchObject({ status: 409, json: { error: { code: 'SF403' } } });
  });

  it('goes live on the cue; a REST reserve and confirm is reflected by the node\'s events and overlay', async () => {
    const cued = await rt.client.commerce.cue.mutate({ pipelineId: 'drop-show', nodeId: 'hoodie', action: 'start', cueId: 'go' });
    expect(cued.status).toBe('live');
    await waitFor(() => seenEvents.some((e) => e.kind === 'drop-live'), 'the drop-live event');
    const before = await eventually(() => rt.app.engine.preview('drop-show', 'hoodie'), 'the drop overlay');

    const reserved = await rest(base, 'POST', `/api/drops/${dropId}/reservations`, { viewerId: 'viewer-1' }, 'res-1');
    expect(reserved).toMatchObject({ status: 201, json: { status: 'pending', unitPriceCents: 4900 } });
    const noConsent = await rest(base, 'POST', `/api/reservations/${reserved.json.id}/confirm`, {}, 'confirm-0');
    expect(noConsent).toMatchObject({ status: 400, json: { error: { code: 'SF405' } } });
    const confirmed = await rest(base, 'POST', `/api/reservations/${reserved.json.id}/confirm`, { consent: true }, 'confirm-1');
    expect(confirmed).toMatchObject({ status: 201, replayed: false, json: { status: 'confirmed', totalCents: 4900 } });
    const retried = await rest(base, 'POST', `/api/reservations/${reserved.json.id}/confirm`, { consent: true }, 'confirm-1');
    expect(retried).toMatchObject({ status: 201, replayed: true, json: confirmed.json });

    const sold = await waitFor(() => seenEvents.find((e) => e.kind === 'sold'), 'the sold event');
    expect(sold.data).toMatchObject({ dropId, sold: 1, available: 9, orderId: confirmed.json.id });
    // The "just sold" card is a different picture from the one before the sale.
    await eventually(async () => (await rt.app.engine.preview('drop-show', 'hoodie'))?.seq !== before.seq, 'the overlay to change');
    const status = await waitFor(() => rt.app.engine.metrics('drop-show')?.nodes.find((n) => n.nodeId === 'hoodie' && /1 sold/.test(n.status.text)), 'the node status');
    expect(status.status.text).toBe('live · 9/10 left · 1 sold');
    const program = await eventually(() => rt.app.engine.preview('drop-show', 'program'), 'a composed frame');
    expect(program.width).toBe(320);

    const [listed] = await rt.client.commerce.drops.query({ pipelineId: 'drop-show' });
    expect(listed.funnel).toMatchObject({ reservations: 1, orders: 1, oversoldUnits: 0, idempotentReplays: 1 });
    expect(listed.drop).toMatchObject({ sold: 1, available: 9 });
  });

  it('counts engagement and reports the funnel at /metrics', async () => {
    expect((await fetch(`${base}/api/drops/${dropId}/impressions`, { method: 'POST' })).status).toBe(204);
    expect((await fetch(`${base}/api/drops/${dropId}/clicks`, { method: 'POST' })).status).toBe(204);
    expect(await rt.client.commerce.funnel.query({ dropId })).toMatchObject({ impressions: 1, clicks: 1, orders: 1 });
    await expect
      .poll(async () => (await fetch(`${base}/metrics`)).text(), { timeout: 10_000 })
      .toContain(`showflow_commerce_orders_total{drop="${dropId}"} 1`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain(`showflow_commerce_oversold_units{drop="${dropId}"} 0`);
    expect(text).toMatch(new RegExp(`showflow_commerce_live_to_order_ms\\{drop="${dropId}"\\} \\d+`));
  });

  it('sells exactly 10 units to a rush of 200 concurrent reservations, with no oversell', async () => {
    const now = Date.now();
    const created = await rest(
      base,
      'POST',
      '/api/drops',
      { sku: 'RUSH', title: 'Rush', quantity: 10, priceCents: 1000, currency: 'EUR', startsAt: new Date(now - 1000).toISOString(), endsAt: new Date(now + 600_000).toISOString() },
      `rush-${now}`,
      bearer(rt.token),
    );
    expect(created.status).toBe(201);
    const rushId = created.json.id;
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => rest(base, 'POST', `/api/drops/${rushId}/reservations`, { viewerId: `rush-${i}` }, `rush-res-${i}`)),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(replies.filter((r) => r.status === 409).map((r) => r.json.error.code)).toEqual(Array(190).fill('SF401'));
    const funnel = (await rest(base, 'GET', `/api/drops/${rushId}/funnel`, undefined, undefined, bearer(rt.token))).json;
    expect(funnel).toMatchObject({ reservations: 10, oversoldUnits: 0, ledgerBalanced: true });
    expect((await rest(base, 'GET', `/api/drops/${rushId}`)).json).toMatchObject({ available: 0, reserved: 10, status: 'sold_out' });
  });

  it('refuses a cue for a node that sells nothing', async () => {
    await expect(rt.client.commerce.cue.mutate({ pipelineId: 'drop-show', nodeId: 'camera', action: 'start' })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });
});
