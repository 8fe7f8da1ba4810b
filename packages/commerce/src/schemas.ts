import { z } from 'zod';
import { CommerceError } from './errors.ts';

/**
 * What the commerce API accepts, defined once; the HTTP handler and in-process callers
 * (pipeline nodes) validate through the same schemas. Objects are strict so a misspelt
 * field is refused instead of silently ignored.
 */
const cents = z.int().min(0).max(10_000_000);
const isoTime = z.iso.datetime({ offset: true });

export const priceScheduleSchema = z
  .strictObject({
    /** Once `afterUnits` units are claimed (reserved or sold), the unit price becomes `priceCents`. */
    tiers: z.array(z.strictObject({ afterUnits: z.int().min(1), priceCents: cents })).max(20).default([]),
    /** The price drops by `stepCents` every `everySeconds` after the start, never below `floorCents`. */
    decay: z.strictObject({ everySeconds: z.int().min(1), stepCents: cents.min(1), floorCents: cents }).optional(),
  })
  .superRefine((schedule, ctx) => {
    schedule.tiers.forEach((tier, i) => {
      if (i > 0 && tier.afterUnits <= schedule.tiers[i - 1].afterUnits) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'afterUnits'], message: 'tiers must be in increasing afterUnits order' });
      }
    });
  });

export const bundleSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        sku: z.string().min(1).max(64),
        title: z.string().min(1).max(200).optional(),
        quantity: z.int().min(1).max(100),
        listPriceCents: cents,
      }),
    )
    .min(2)
    .max(20),
});

export const createDropSchema = z
  .strictObject({
    sku: z.string().min(1).max(64),
    title: z.string().min(1).max(200),
    /** Units for sale. */
    quantity: z.int().min(1).max(1_000_000),
    priceCents: cents,
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    startsAt: isoTime,
    endsAt: isoTime,
    perViewerLimit: z.int().min(1).max(100).default(1),
    reservationTtlSeconds: z.int().min(1).max(3600).default(120),
    schedule: priceScheduleSchema.default({ tiers: [] }),
    bundle: bundleSchema.optional(),
  })
  .superRefine((drop, ctx) => {
    if (Date.parse(drop.endsAt) <= Date.parse(drop.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
    }
  });

/** Who reserves comes from the viewer session, never from the body. */
export const reserveSchema = z.strictObject({
  quantity: z.int().min(1).max(100).default(1),
});

/**
 * `consent` is checked by the service, not here, so its absence gets its own code (SF405).
 * `paymentMethod` is what the payment form produced (with the test provider: `pm_card_visa`).
 */
export const confirmSchema = z.strictObject({ consent: z.unknown().optional(), paymentMethod: z.string().min(1).max(128).optional() });

/** A delivery of `units` more of a product. */
export const restockSchema = z.strictObject({
  sku: z.string().min(1).max(64),
  title: z.string().min(1).max(200).optional(),
  units: z.int().min(1).max(1_000_000),
});

export const cancelSchema = z.strictObject({});

/** Printable ASCII, as Stripe accepts; long enough for a UUID with a prefix. */
export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'an Idempotency-Key of 1–255 printable characters');

export type CreateDropInput = z.input<typeof createDropSchema>;
export type CreateDrop = z.output<typeof createDropSchema>;
export type PriceSchedule = z.output<typeof priceScheduleSchema>;
export type Bundle = z.output<typeof bundleSchema>;
export type ReserveInput = z.input<typeof reserveSchema>;
export type ConfirmInput = { consent?: unknown; paymentMethod?: string };
export type RestockInput = z.input<typeof restockSchema>;

/** Parses or throws SF408 naming the first offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, pathPrefix: (string | number)[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [...pathPrefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const where = path.length ? `${path.join('.')}: ` : '';
  throw new CommerceError('SF408', `${where}${issue.message}`, path);
}
