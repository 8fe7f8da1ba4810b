import { describe, expect, it } from 'vitest';
import { viewer } from '../identity/actor.ts';
import { createHarness } from '@showflow/nodes/harness';
import type { Frame, ShowEvent } from '@showflow/nodes/sdk';
import { drop } from './drop.ts';
import { useCommerceStore } from './nodes.fixture.ts';

const fresh = useCommerceStore();
const eventsOf = (h: { outputs(port: 'events'): (ShowEvent | undefined)[] }) => h.outputs('events').map((e) => e!.kind);

describe('showflow.drop', () => {
  it('fails clearly on a runtime without the orders service', async () => {
    await expect(createHarness(drop, { nodeId: 'hoodie' })).rejects.toThrow(/hoodie needs the "commerce" service/);
  });

  it('keeps one drop per pipeline and node: a redeploy edits it and never mints stock', async () => {
    const t = await fresh();
    const opts = { pipelineId: 'show', nodeId: 'hoodie', services: t.services, now: t.now, config: { sku: 'HOODIE', title: 'Hoodie', quantity: 5 } };
    const a = await createHarness(drop, opts);
    const b = await createHarness(drop, opts);
    const c = await createHarness(drop, { ...opts, config: { sku: 'HOODIE', title: 'Hoodie', quantity: 6, priceCents: 3900 } });
    expect(b.state.dropId).toBe(a.state.dropId);
    expect(c.state.dropId).toBe(a.state.dropId);
    // The product was stocked with 5 by the first drop; asking for 6 finds no sixth unit.
    expect(await t.service.getDrop(a.state.dropId)).toMatchObject({ stock: 5, price: { unitCents: 3900 } });
    await t.service.restock({ sku: 'HOODIE', units: 1 }, { idempotencyKey: 'delivery-1' });
    const again = await createHarness(drop, { ...opts, config: { sku: 'HOODIE', title: 'Hoodie', quantity: 6, priceCents: 3900 } });
    expect(again.state.dropId).toBe(a.state.dropId);
    expect(await t.service.getDrop(a.state.dropId)).toMatchObject({ stock: 6 });
    // Another node selling the same product shares its stock: nothing is left for it.
    const d = await createHarness(drop, { ...opts, nodeId: 'other' });
    expect(d.state.dropId).not.toBe(a.state.dropId);
    expect(await t.service.getDrop(d.state.dropId)).toMatchObject({ stock: 0, available: 0 });
    // A new SKU replaces the node's drop; the old one ends and its unsold units go back to the product.
    const e = await createHarness(drop, { ...opts, config: { sku: 'MUG', title: 'Mug', quantity: 3 } });
    expect(e.state.dropId).not.toBe(a.state.dropId);
    expect(await t.service.getDrop(a.state.dropId)).toMatchObject({ status: 'ended', stock: 0 });
    expect(await t.service.getProduct('HOODIE')).toMatchObject({ onHand: 6 });
  });

  it('waits hidden for the cue, goes live on it and shows the server\'s price, stock and countdown', async () => {
    const t = await fresh();
    const h = await createHarness(drop, {
      pipelineId: 'show',
      nodeId: 'hoodie',
      services: t.services,
      now: t.now,
      config: { title: 'Hoodie', quantity: 10, priceCents: 4900, durationSeconds: 120 },
    });
    expect((await t.service.getDrop(h.state.dropId)).startsOnCue).toBe(true);
    const hidden = (await h.tick()).overlay as Frame;
    expect([hidden.width, hidden.height]).toEqual([1, 1]);
    expect(h.state.card.lines).toEqual([]);

    const cued = await t.registry.get('show', 'hoodie')!.cue('start', 'cue-1');
    expect(cued.status).toBe('live');
    const shown = (await h.tick()).overlay as Frame;
    expect(shown.width).toBeGreaterThan(100);
    expect(eventsOf(h)).toEqual(['drop-live']);
    expect(h.state.card.lines).toEqual(['Hoodie · €49.00', '10 of 10 left · ends in 2:00']);

    t.advance(30_000);
    const reservation = (await t.service.reserve(h.state.dropId, {}, { idempotencyKey: 'r1', actor: viewer('v1') })).body;
    await t.service.confirm(reservation.id, { consent: true, paymentMethod: 'pm_card_visa' }, { idempotencyKey: 'c1', actor: viewer('v1') });
    await h.tick();
    const server = await t.service.getDrop(h.state.dropId);
    expect(server).toMatchObject({ available: 9, sold: 1, countdownMs: 90_000 });
    expect(h.state.card.lines).toEqual(['Hoodie · €49.00', '9 of 10 left · ends in 1:30', 'JUST SOLD!']);
    expect(h.last('events')).toMatchObject({ kind: 'sold', data: { sold: 1, available: 9, orderId: expect.stringMatching(/^ord_/) } });

    t.advance(5_000);
    await h.tick();
    expect(h.state.card.lines).not.toContain('JUST SOLD!');
    await t.registry.get('show', 'hoodie')!.cue('end', 'cue-2');
    await h.tick();
    expect(eventsOf(h)).toEqual(['drop-live', 'sold', 'ended']);
    expect(h.state.card.lines).toEqual(['Hoodie', 'Drop ended · 1 sold']);
  });

  it('starts and ends on stream events, and reports held and sold-out from the server', async () => {
    const t = await fresh();
    const h = await createHarness(drop, { nodeId: 'pin', services: t.services, now: t.now, config: { quantity: 1, perViewerLimit: 1 } });
    await h.send('event', { kind: 'goal', at: t.now() });
    expect((await t.service.getDrop(h.state.dropId)).status).toBe('scheduled');
    await h.send('event', { kind: 'drop.start', at: t.now() });
    expect((await t.service.getDrop(h.state.dropId)).status).toBe('live');
    const held = await t.service.reserve(h.state.dropId, {}, { idempotencyKey: 'r1', actor: viewer('v1') });
    await h.tick();
    expect(eventsOf(h)).toEqual(['drop-live', 'all-held']);
    expect(h.state.card.lines).toEqual(['Limited drop', 'ALL 1 HELD · may free up']);
    await t.service.confirm(held.body.id, { consent: true, paymentMethod: 'pm_card_visa' }, { idempotencyKey: 'c1', actor: viewer('v1') });
    await h.tick();
    expect(eventsOf(h)).toEqual(['drop-live', 'all-held', 'sold', 'sold-out']);
    expect(h.state.card.lines).toEqual(['Limited drop', 'SOLD OUT', 'JUST SOLD!']);
    await h.send('event', { kind: 'drop.end', at: t.now() });
    expect(eventsOf(h)).toEqual(['drop-live', 'all-held', 'sold', 'sold-out', 'ended']);
  });

  it('starts itself after its timer', async () => {
    const t = await fresh();
    const h = await createHarness(drop, { nodeId: 'timed', services: t.services, now: t.now, config: { startAfterSeconds: 10 } });
    await h.tick();
    expect(h.state.view.status).toBe('scheduled');
    t.advance(10_000);
    await h.tick();
    expect(h.state.view.status).toBe('live');
    expect(eventsOf(h)).toEqual(['drop-live']);
  });

  it('counts down to a fixed start, then sells the bundle at the server\'s price', async () => {
    const t = await fresh();
    const startsAt = new Date(t.now() + 60_000).toISOString();
    const bundle = [
      { sku: 'CAP', title: 'Cap', quantity: 1, listPriceCents: 2500 },
      { sku: 'TEE', title: 'Tee', quantity: 2, listPriceCents: 1900 },
    ];
    const h = await createHarness(drop, { nodeId: 'kit', services: t.services, now: t.now, config: { title: 'Kit', startsAt, priceCents: 4900, bundle } });
    await h.tick();
    expect(h.state.card.lines).toEqual(['Kit', 'Starts in 1:00']);
    t.advance(60_000);
    await h.tick();
    expect(h.state.card.lines).toEqual(['Kit · €49.00', '10 of 10 left · ends in 5:00', '1× Cap + 2× Tee (save €14.00)']);
    expect(eventsOf(h)).toEqual(['drop-live']);
  });

  it('refuses a one-item bundle in its config', () => {
    expect(drop.config.safeParse({ bundle: [{ sku: 'A', listPriceCents: 1 }] }).success).toBe(false);
  });
});
