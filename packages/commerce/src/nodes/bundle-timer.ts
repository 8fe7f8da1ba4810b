import { z } from 'zod';
import { baseDropInput, dropFields } from './drop-config.ts';
import { defineDropNode } from './drop-engine.ts';
import { bundleItem } from './drop.ts';
import { bundleLine, headLines, justSold } from './card-lines.ts';

const config = z.object({
  ...dropFields,
  title: dropFields.title.default('Bundle deal'),
  priceCents: dropFields.priceCents.default(4900),
  durationSeconds: dropFields.durationSeconds.default(120),
  bundle: z
    .array(bundleItem)
    .min(2)
    .max(20)
    .default([
      { sku: 'CAP', title: 'Cap', quantity: 1, listPriceCents: 2500 },
      { sku: 'TEE', title: 'Tee', quantity: 2, listPriceCents: 1900 },
    ]),
});

export const bundleTimer = defineDropNode({
  type: 'showflow.bundle-timer',
  title: 'Bundle timer',
  description:
    "A bundle sold at one price for a limited time. The orders service prices it and works out the saving against the items' list prices; the overlay shows the contents, the saving and the server's countdown.",
  config,
  toInput: (c) => ({ ...baseDropInput(c), bundle: { items: c.bundle } }),
  cardLines(view, _config, flashing) {
    const head = headLines(view);
    if (!head) return [];
    const bundle = view.status === 'live' || view.status === 'scheduled' ? bundleLine(view) : null;
    return [...head, ...(bundle ? [bundle] : []), ...(flashing ? [justSold] : [])];
  },
});
