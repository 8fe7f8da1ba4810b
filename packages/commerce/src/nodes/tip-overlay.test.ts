import { describe, expect, it } from 'vitest';
import { viewer } from '../identity/actor.ts';
import { createHarness } from '@showflow/nodes/harness';
import type { Frame } from '@showflow/nodes/sdk';
import { useCommerceStore } from './nodes.fixture.ts';
import { tipOverlay } from './tip-overlay.ts';

const fresh = useCommerceStore();

describe('showflow.tip-overlay', () => {
  it('raises each recorded tip of its channel for a few seconds, one after another', async () => {
    const t = await fresh();
    const h = await createHarness(tipOverlay, { pipelineId: 'show', services: t.services, now: t.now, config: { showSeconds: 5, minAmountCents: 100 } });
    const tip = (viewerId: string, amountCents: number, channel = 'show') =>
      t.service.tip(
        { channel, displayName: viewerId, amountCents, currency: 'EUR', message: 'great show', paymentMethod: 'pm_card_visa' },
        { idempotencyKey: `${viewerId}-${amountCents}`, actor: viewer(viewerId) },
      );
    await tip('Ana', 500);
    await tip('Ben', 50);
    await tip('Cy', 300, 'another-show');
    await tip('Dee', 200);
    expect((await tip('Ana', 500)).replayed).toBe(true);

    const frame = (await h.tick()).overlay as Frame;
    expect(frame.width).toBeGreaterThan(100);
    expect(h.state.card.lines).toEqual(['Ana tipped €5.00', 'great show']);
    t.advance(5_000);
    await h.tick();
    expect(h.state.card.lines).toEqual(['Dee tipped €2.00', 'great show']);
    t.advance(5_000);
    const hidden = (await h.tick()).overlay as Frame;
    expect([hidden.width, hidden.height]).toEqual([1, 1]);
  });

  it('shows tips arriving as events, and works without the orders service', async () => {
    const h = await createHarness(tipOverlay, {});
    expect(h.status).toEqual({ level: 'warn', text: expect.stringMatching(/only tips from events/) });
    await h.send('event', { kind: 'tip', at: 0, data: { displayName: 'Eve', amountCents: 1000, currency: 'USD', message: '' } });
    expect(h.state.card.lines).toEqual(['Eve tipped $10.00']);
  });

  it('refuses a tip the API would not take', async () => {
    const t = await fresh();
    await expect(t.service.tip({ channel: 'show', amountCents: 0, currency: 'EUR' }, { idempotencyKey: 'k', actor: viewer('v') })).rejects.toMatchObject({
      code: 'SF408',
      path: ['amountCents'],
    });
  });
});
