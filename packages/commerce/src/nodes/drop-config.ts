import { z } from 'zod';
import { cueStartsAt } from '../cue-start.ts';
import type { CreateDropInput } from '../schemas.ts';

const isoOrEmpty = z.union([z.literal(''), z.iso.datetime({ offset: true })]);

/** Fields every drop-selling node shares; each node type adds its own pricing fields. */
export const dropFields = {
  sku: z.string().min(1).max(64).default('SKU-1'),
  title: z.string().min(1).max(200).default('Limited drop'),
  /** Units for sale. */
  quantity: z.int().min(1).max(1_000_000).default(10),
  priceCents: z.int().min(0).max(10_000_000).default(2900),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR').default('EUR'),
  /** A fixed start (ISO 8601); empty to wait for a trigger: a cue, an event, or `startAfterSeconds`. */
  startsAt: isoOrEmpty.default(''),
  /** When > 0 the node starts its own drop this long after it is deployed (a timer). */
  startAfterSeconds: z.int().min(0).max(86_400).default(0),
  durationSeconds: z.int().min(5).max(86_400).default(300),
  perViewerLimit: z.int().min(1).max(100).default(1),
  reservationTtlSeconds: z.int().min(10).max(3600).default(120),
  /** Event kinds on the `event` input that start or end the drop, or flash "just sold". */
  startOnEvent: z.string().max(64).default('drop.start'),
  endOnEvent: z.string().max(64).default('drop.end'),
  flashOnEvent: z.string().max(64).default('drop.flash'),
  /** How long the "just sold" flash stays on the overlay. */
  flashSeconds: z.number().min(0.5).max(30).default(3),
  /** Overlay text size in pixels. */
  size: z.number().min(10).max(120).default(28),
};

export const dropBaseConfig = z.object(dropFields);
export type DropBaseConfig = z.output<typeof dropBaseConfig>;

/** The drop as the orders service should create it; equal configs give equal requests. */
export function baseDropInput(config: DropBaseConfig): CreateDropInput {
  const startsAt = config.startsAt === '' ? cueStartsAt : new Date(config.startsAt).toISOString();
  const endsAt = new Date(Date.parse(startsAt) + config.durationSeconds * 1000).toISOString();
  return {
    sku: config.sku,
    title: config.title,
    quantity: config.quantity,
    priceCents: config.priceCents,
    currency: config.currency,
    startsAt,
    endsAt,
    perViewerLimit: config.perViewerLimit,
    reservationTtlSeconds: config.reservationTtlSeconds,
  };
}

/**
 * The place a node sells from: one drop per pipeline and node. Redeploying or restarting
 * the node, however much later, finds that drop again and edits it to the new config; a
 * new SKU replaces it (its unsold units go back to the product).
 */
export function dropSlot(type: string, pipelineId: string, nodeId: string): string {
  return `${type}:${pipelineId}:${nodeId}`;
}
