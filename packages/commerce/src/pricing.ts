import type { Bundle, PriceSchedule } from './schemas.ts';

export interface PriceQuote {
  unitCents: number;
  /** 0 for the base price, n for the n-th tier. */
  tier: number;
  /** When time decay next changes the price, epoch ms; null when it will not. */
  nextChangeAt: number | null;
}

/**
 * The unit price at `now` with `unitsClaimed` units already reserved or sold. Pure, so the
 * price shown on the live state and the price stored on a reservation come from one rule.
 */
export function quoteUnitPrice(args: {
  basePriceCents: number;
  schedule: PriceSchedule;
  unitsClaimed: number;
  startsAt: number;
  now: number;
}): PriceQuote {
  const { schedule, unitsClaimed } = args;
  let tier = 0;
  let price = args.basePriceCents;
  schedule.tiers.forEach((t, i) => {
    if (unitsClaimed >= t.afterUnits) {
      tier = i + 1;
      price = t.priceCents;
    }
  });
  const decay = schedule.decay;
  if (!decay || price <= decay.floorCents) return { unitCents: price, tier, nextChangeAt: null };
  const stepMs = decay.everySeconds * 1000;
  const steps = Math.floor(Math.max(0, args.now - args.startsAt) / stepMs);
  const decayed = Math.max(decay.floorCents, price - steps * decay.stepCents);
  const nextChangeAt = decayed > decay.floorCents ? args.startsAt + (steps + 1) * stepMs : null;
  return { unitCents: decayed, tier, nextChangeAt };
}

export interface BundlePrice {
  /** What the contents cost bought one by one. */
  valueCents: number;
  savingsCents: number;
}

export function bundlePrice(bundle: Bundle, unitCents: number): BundlePrice {
  const valueCents = bundle.items.reduce((sum, item) => sum + item.listPriceCents * item.quantity, 0);
  return { valueCents, savingsCents: Math.max(0, valueCents - unitCents) };
}
