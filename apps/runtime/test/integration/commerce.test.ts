import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../fixtures/app.ts';
import { bearer } from '../fixtures/auth.ts';
import type { CommerceService } from '@showflow/commerce';
import { eventually, liveDropDocument, rest, seenEvents, startCommerceRuntime } from './commerce.fixture.ts';

/** A viewer's session as a browser gets it: minted over HTTP, sent back as a bearer token. */
async function viewerSession(base: string): Promise<Record<string, string>> {
  const minted = await rest(base, 'POST', '/api/sessions');
  expect(minted.status).toBe(201);
  return { authorization: `Bearer ${minted.json.token as string}` };
}

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
    const anonymous = await rest(base, 'POST', `/api/drops/${dropId}/reservations`, {}, 'early-0');
    expect(anonymous).toMatchObject({ status: 401, json: { error: { code: 'SF420' } } });
    const refused = await rest(base, 'POST', `/api/drops/${dropId}/reservations`, {}, 'early-1', await viewerSession(base));
    expect(refused).toMatchObject({ status: 409, json: { error: { code: 'SF403' } } });
  });

  it('goes live on the cue; a REST reserve and confirm is reflected by the node\'s events and overlay', async () => {
    const cued = await rt.client.commerce.cue.mutate({ pipelineId: 'drop-show', nodeId: 'hoodie', action: 'start', cueId: 'go' });
    expect(cued.status).toBe('live');
    await waitFor(() => seenEvents.some((e) => e.kind === 'drop-live'), 'the drop-live event');
    const before = await eventually(() => rt.app.engine.preview('drop-show', 'hoodie'), 'the drop overlay');

    const viewer = await viewerSession(base);
    const reserved = await rest(base, 'POST', `/api/drops/${dropId}/reservations`, {}, 'res-1', viewer);
    expect(reserved).toMatchObject({ status: 201, json: { status: 'pending', unitPriceCents: 4900 } });
    const someoneElse = await rest(base, 'POST', `/api/reservations/${reserved.json.id}/confirm`, { consent: true, paymentMethod: 'pm_card_visa' }, 'confirm-x', await viewerSession(base));
    expect(someoneElse).toMatchObject({ status: 404, json: { error: { code: 'SF407' } } });
    const noConsent = await rest(base, 'POST', `/api/reservations/${reserved.json.id}/confirm`, {}, 'confirm-0', viewer);
    expect(noConsent).toMatchObject({ status: 400, json: { error: { code: 'SF405' } } });
    const paid = { consent: true, paymentMethod: 'pm_card_visa' };
    const confirmed = await rest(base, 'POST', `/api/reservations/${reserved.json.id}/confirm`, paid, 'confirm-1', viewer);
    expect(confirmed).toMatchObject({ status: 201, replayed: false, json: { status: 'confirmed', totalCents: 4900, paymentIntentId: expect.stringMatching(/^pi_test_/) } });
    const retried = await rest(base, 'POST', `/api/reservations/${reserved.json.id}/confirm`, paid, 'confirm-1', viewer);
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
      .poll(async () => (await fetch(`${base}/metrics`, { headers: bearer(rt.token) })).text(), { timeout: 10_000 })
      .toContain(`showflow_commerce_orders_total{drop="${dropId}"} 1`);
    const text = await (await fetch(`${base}/metrics`, { headers: bearer(rt.token) })).text();
    expect(text).toContain(`showflow_commerce_oversold_units{drop="${dropId}"} 0`);
    expect(text).toMatch(new RegExp(`showflow_commerce_live_to_order_ms\\{drop="${dropId}"\\} \\d+`));
  });

  it('sells exactly 10 units to a rush of 200 concurrent reservations, with no oversell; the rest are told all is held, or shed with 429', async () => {
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
    // 200 viewers on 200 devices: their sessions are minted in-process, since one test address may only mint a few.
    const service = rt.app.services.get('commerce') as CommerceService;
    const tokens = await Promise.all(Array.from({ length: 200 }, async () => (await service.mintSession()).token));
    const replies = await Promise.all(
      tokens.map((token, i) => rest(base, 'POST', `/api/drops/${rushId}/reservations`, {}, `rush-res-${i}`, { authorization: `Bearer ${token}` })),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    const refused = replies.filter((r) => r.status !== 201);
    // Every unit is held (none bought yet): refused as all held, or shed by the admission queue.
    expect(new Set(refused.map((r) => r.json.error.code as string))).toEqual(new Set(refused.some((r) => r.status === 429) ? ['SF426', 'SF421'] : ['SF426']));
    const funnel = (await rest(base, 'GET', `/api/drops/${rushId}/funnel`, undefined, undefined, bearer(rt.token))).json;
    expect(funnel).toMatchObject({ reservations: 10, oversoldUnits: 0, ledgerBalanced: true });
    expect((await rest(base, 'GET', `/api/drops/${rushId}`)).json).toMatchObject({ available: 0, reserved: 10, status: 'all_held' });
  });

  it('refuses a cue for a node that sells nothing', async () => {
    await expect(rt.client.commerce.cue.mutate({ pipelineId: 'drop-show', nodeId: 'camera', action: 'start' })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });
});
