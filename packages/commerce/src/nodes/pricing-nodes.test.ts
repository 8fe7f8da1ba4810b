import { describe, expect, it } from 'vitest';
import { viewer } from '../identity/actor.ts';
import { createHarness } from '@showflow/nodes/harness';
import { bundleTimer } from './bundle-timer.ts';
import { discount } from './discount.ts';
import { useCommerceStore } from './nodes.fixture.ts';

const fresh = useCommerceStore();

describe('showflow.discount', () => {
  it('shows the price the server computes as it decays, and emits each change', async () => {
    const t = await fresh();
    const h = await createHarness(discount, {
      pipelineId: 'show',
      nodeId: 'deal',
      services: t.services,
      now: t.now,
      config: { priceCents: 2900, decayEverySeconds: 30, decayStepCents: 500, decayFloorCents: 1900 },
    });
    await t.registry.get('show', 'deal')!.cue('start', 'go');
    await h.tick();
    expect(h.state.card.lines).toEqual(['Live discount · €29.00', '10 of 10 left · ends in 5:00', 'Next: €24.00 in 0:30']);
    t.advance(30_000);
    await h.tick();
    const server = await t.service.getDrop(h.state.dropId);
    expect(server.price.unitCents).toBe(2400);
    expect(h.state.card.lines).toEqual(['Live discount · €24.00', '10 of 10 left · ends in 4:30', 'was €29.00', 'Next: €19.00 in 0:30']);
    expect(h.last('events')).toMatchObject({ kind: 'price', data: { priceCents: 2400 } });
    const reservation = await t.service.reserve(h.state.dropId, {}, { idempotencyKey: 'r', actor: viewer('v') });
    expect(reservation.body.unitPriceCents).toBe(2400);
  });

  it('announces the next tier from the server\'s schedule', async () => {
    const t = await fresh();
    const h = await createHarness(discount, {
      nodeId: 'tiers',
      services: t.services,
      now: t.now,
      config: { priceCents: 1000, decayEverySeconds: 0, tiers: [{ afterUnits: 2, priceCents: 1500 }], startsAt: new Date(t.now()).toISOString() },
    });
    await h.tick();
    expect(h.state.card.lines).toContain('Next: €15.00 after 2 more');
    for (const v of ['a', 'b']) await t.service.reserve(h.state.dropId, {}, { idempotencyKey: v, actor: viewer(v) });
    t.advance(1000);
    await h.tick();
    expect(h.state.card.lines[0]).toBe('Live discount · €15.00');
  });
});

describe('showflow.bundle-timer', () => {
  it('sells a bundle with the saving the server works out', async () => {
    const t = await fresh();
    const h = await createHarness(bundleTimer, { nodeId: 'kit', services: t.services, now: t.now, config: { startsAt: new Date(t.now()).toISOString() } });
    await h.tick();
    const server = await t.service.getDrop(h.state.dropId);
    expect(server.bundle).toMatchObject({ valueCents: 6300, savingsCents: 1400 });
    expect(h.state.card.lines).toEqual(['Bundle deal · €49.00', '10 of 10 left · ends in 2:00', '1× Cap + 2× Tee (save €14.00)']);
  });
});
