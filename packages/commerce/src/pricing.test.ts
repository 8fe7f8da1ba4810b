import { describe, expect, it } from 'vitest';
import { bundlePrice, quoteUnitPrice } from './pricing.ts';

const start = 1_000_000;

describe('quoteUnitPrice', () => {
  it('charges the base price with no schedule', () => {
    expect(quoteUnitPrice({ basePriceCents: 2500, schedule: { tiers: [] }, unitsClaimed: 7, startsAt: start, now: start + 5_000 })).toEqual({
      unitCents: 2500,
      tier: 0,
      nextChangeAt: null,
    });
  });

  it('moves to a tier once its units are claimed', () => {
    const schedule = { tiers: [{ afterUnits: 10, priceCents: 3000 }, { afterUnits: 20, priceCents: 3500 }] };
    const at = (unitsClaimed: number) => quoteUnitPrice({ basePriceCents: 2500, schedule, unitsClaimed, startsAt: start, now: start });
    expect([at(0), at(9), at(10), at(19), at(20), at(99)].map((q) => [q.unitCents, q.tier])).toEqual([
      [2500, 0],
      [2500, 0],
      [3000, 1],
      [3000, 1],
      [3500, 2],
      [3500, 2],
    ]);
  });

  it('decays in steps down to the floor and says when it next changes', () => {
    const schedule = { tiers: [], decay: { everySeconds: 60, stepCents: 100, floorCents: 800 } };
    const at = (now: number) => quoteUnitPrice({ basePriceCents: 1000, schedule, unitsClaimed: 0, startsAt: start, now });
    expect(at(start - 1)).toEqual({ unitCents: 1000, tier: 0, nextChangeAt: start + 60_000 });
    expect(at(start + 59_999)).toEqual({ unitCents: 1000, tier: 0, nextChangeAt: start + 60_000 });
    expect(at(start + 60_000)).toEqual({ unitCents: 900, tier: 0, nextChangeAt: start + 120_000 });
    expect(at(start + 120_000)).toEqual({ unitCents: 800, tier: 0, nextChangeAt: null });
    expect(at(start + 3_600_000)).toEqual({ unitCents: 800, tier: 0, nextChangeAt: null });
  });

  it('never raises a tier price that is already under the decay floor', () => {
    const schedule = { tiers: [{ afterUnits: 1, priceCents: 500 }], decay: { everySeconds: 1, stepCents: 100, floorCents: 800 } };
    expect(quoteUnitPrice({ basePriceCents: 1000, schedule, unitsClaimed: 1, startsAt: start, now: start + 10_000 }).unitCents).toBe(500);
  });
});

describe('bundlePrice', () => {
  it('reports the contents value and the saving, never negative', () => {
    const bundle = { items: [{ sku: 'A', quantity: 2, listPriceCents: 1500 }, { sku: 'B', quantity: 1, listPriceCents: 2000 }] };
    expect(bundlePrice(bundle, 4000)).toEqual({ valueCents: 5000, savingsCents: 1000 });
    expect(bundlePrice(bundle, 6000)).toEqual({ valueCents: 5000, savingsCents: 0 });
  });
});
