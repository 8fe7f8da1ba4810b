import { z } from 'zod';
import type { DropView } from '../views.ts';
import { baseDropInput, dropFields } from './drop-config.ts';
import { defineDropNode } from './drop-engine.ts';
import { headLines, justSold } from './card-lines.ts';
import { formatCountdown, formatMoney } from '@showflow/shared';

const config = z.object({
  ...dropFields,
  title: dropFields.title.default('Live discount'),
  /** Price tiers by units claimed: early buyers pay less (or more). */
  tiers: z.array(z.object({ afterUnits: z.int().min(1), priceCents: z.int().min(0).max(10_000_000) })).max(20).default([]),
  /** Time decay: the price falls by `decayStepCents` every `decayEverySeconds` (0: none), never below `decayFloorCents`. */
  decayEverySeconds: z.int().min(0).max(86_400).default(30),
  decayStepCents: z.int().min(1).max(10_000_000).default(100),
  decayFloorCents: z.int().min(0).max(10_000_000).default(1900),
});

type Config = z.output<typeof config>;

/** What changes next, as the server's schedule says: the next decay step or the next tier. */
function nextPriceLine(view: DropView): string | null {
  const money = (c: number) => formatMoney(c, view.price.currency);
  const serverNow = Date.parse(view.serverTime);
  const decay = view.schedule.decay;
  if (view.price.nextChangeAt && decay) {
    const next = Math.max(decay.floorCents, view.price.unitCents - decay.stepCents);
    return `${money(next)} in ${formatCountdown(Date.parse(view.price.nextChangeAt) - serverNow)}`;
  }
  const claimed = view.stock - view.available;
  const tier = view.schedule.tiers.find((t) => t.afterUnits > claimed);
  return tier ? `${money(tier.priceCents)} after ${tier.afterUnits - claimed} more` : null;
}

export const discount = defineDropNode<Config>({
  type: 'showflow.discount',
  title: 'Live discount',
  description:
    "A drop whose price follows a schedule computed by the orders service: tiers by units sold and time decay to a floor. Its overlay shows the server's price now and the next change; emits a price event each time the server's price moves.",
  config,
  toInput: (c) => ({
    ...baseDropInput(c),
    schedule: {
      tiers: c.tiers,
      ...(c.decayEverySeconds > 0 ? { decay: { everySeconds: c.decayEverySeconds, stepCents: c.decayStepCents, floorCents: c.decayFloorCents } } : {}),
    },
  }),
  cardLines(view, _config, flashing) {
    const head = headLines(view);
    if (!head) return [];
    const next = view.status === 'live' ? nextPriceLine(view) : null;
    const was = view.status === 'live' && view.price.unitCents !== _config.priceCents ? [`was ${formatMoney(_config.priceCents, view.price.currency)}`] : [];
    return [...head, ...was, ...(next ? [`Next: ${next}`] : []), ...(flashing ? [justSold] : [])];
  },
});
