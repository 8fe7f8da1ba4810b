import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Effect } from './idempotency.ts';
import type { SqlRunner } from './sql/types.ts';

/** A viewer's tip to a show; `channel` is the pipeline the tip is for (its overlays react). */
export const tipSchema = z.strictObject({
  channel: z.string().min(1).max(128),
  viewerId: z.string().min(1).max(128),
  /** Shown on stream; a display name, not an account id. */
  displayName: z.string().min(1).max(40).optional(),
  amountCents: z.int().min(1).max(100_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
  message: z.string().max(140).default(''),
});

export type TipInput = z.input<typeof tipSchema>;
export type Tip = z.output<typeof tipSchema>;

export interface TipView {
  id: string;
  channel: string;
  viewerId: string;
  displayName: string | null;
  amountCents: number;
  currency: string;
  message: string;
  createdAt: string;
}

interface TipRow {
  id: string;
  channel: string;
  viewer_id: string;
  display_name: string | null;
  amount_cents: number;
  currency: string;
  message: string;
  created_at: Date | string;
}

function toTipView(row: TipRow): TipView {
  return {
    id: row.id,
    channel: row.channel,
    viewerId: row.viewer_id,
    displayName: row.display_name,
    amountCents: row.amount_cents,
    currency: row.currency,
    message: row.message,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function tipWork(tx: SqlRunner, tip: Tip, now: number): Promise<Effect> {
  const [row] = await tx.query<TipRow>(
    `INSERT INTO tips (id, channel, viewer_id, display_name, amount_cents, currency, message, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING id, channel, viewer_id, display_name, amount_cents, currency, message, created_at`,
    [`tip_${randomUUID()}`, tip.channel, tip.viewerId, tip.displayName ?? null, tip.amountCents, tip.currency, tip.message, new Date(now)],
  );
  const view = toTipView(row);
  return { status: 201, body: view, dropId: null, events: [{ type: 'tipped', payload: { tip: view, at: now } }] };
}
