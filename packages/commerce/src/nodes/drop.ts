import { z } from 'zod';
import { baseDropInput, dropFields } from './drop-config.ts';
import { defineDropNode } from './drop-engine.ts';
import { bundleLine, headLines, justSold } from './card-lines.ts';

export const bundleItem = z.object({
  sku: z.string().min(1).max(64),
  title: z.string().min(1).max(200).optional(),
  quantity: z.int().min(1).max(100).default(1),
  listPriceCents: z.int().min(0).max(10_000_000),
});

const config = z.object({
  ...dropFields,
  /** What one unit contains when it is a bundle (two or more items); empty for a single product. */
  bundle: z.array(bundleItem).max(20).default([]).refine((items) => items.length !== 1, 'a bundle needs at least two items'),
});

export const drop = defineDropNode({
  type: 'showflow.drop',
  title: 'Micro-drop',
  description:
    'Sells a limited drop through the orders service (reserve first, no oversells). Starts at a time, after a timer, on an event or on the producer\'s cue; its overlay shows the server\'s price, stock left, countdown and a "just sold" flash; events: drop-live, sold, all-held (every unit left is in someone\'s checkout), sold-out (every unit bought), restocked, ended.',
  config,
  toInput: (c) => ({ ...baseDropInput(c), ...(c.bundle.length >= 2 ? { bundle: { items: c.bundle } } : {}) }),
  cardLines(view, _config, flashing) {
    const head = headLines(view);
    if (!head) return [];
    const bundle = view.status === 'live' ? bundleLine(view) : null;
    return [...head, ...(bundle ? [bundle] : []), ...(flashing ? [justSold] : [])];
  },
});
