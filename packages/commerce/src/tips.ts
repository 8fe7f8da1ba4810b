import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Effect } from './idempotency.ts';
import { cleanTipText } from './tip-text.ts';
import type { SqlRunner } from './sql/types.ts';

/**
 * A viewer's tip to a show; `channel` is the pipeline the tip is for (its overlays react).
 * Who tips comes from the viewer session; the tip is charged with `paymentMethod` and
 * reaches the stream only once the charge succeeded.
 */
export const tipSchema = z.strictObject({
  channel: z.string().min(1).max(128),
  paymentMethod: z.string().min(1).max(128).optional(),
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
  status: TipStatus;
  paymentIntentId: string | null;
  createdAt: string;
}

export type TipStatus = 'unverified' | 'awaiting_payment' | 'paid' | 'canceled';

interface TipRow {
  id: string;
  channel: string;
  viewer_id: string;
  display_name: string | null;
  amount_cents: number;
  currency: string;
  message: string;
  status: TipStatus;
  payment_intent_id: string | null;
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
    status: row.status,
    paymentIntentId: row.payment_intent_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const tipColumns = 'id, channel, viewer_id, display_name, amount_cents, currency, message, status, payment_intent_id, created_at';

/**
 * Records the tip, charges it through `pay` and marks it paid; only then is `tipped`
 * (which raises the overlays) emitted. A failed charge throws, so nothing is kept.
 */
export async function tipWork(
  tx: SqlRunner,
  tip: Tip,
  viewerId: string,
  now: number,
  pay: (tip: { id: string; amountCents: number; currency: string }) => Promise<string>,
): Promise<Effect> {
  const message = cleanTipText(tip.message, 'message', 140);
  const displayName = tip.displayName === undefined ? null : cleanTipText(tip.displayName, 'displayName', 40) || null;
  const id = `tip_${randomUUID()}`;
  await tx.query(
    `INSERT INTO tips (id, channel, viewer_id, display_name, amount_cents, currency, message, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'awaiting_payment', $8)`,
    [id, tip.channel, viewerId, displayName, tip.amountCents, tip.currency, message, new Date(now)],
  );
  const paymentIntentId = await pay({ id, amountCents: tip.amountCents, currency: tip.currency });
  const [row] = await tx.query<TipRow>(
    `UPDATE tips SET status = 'paid', payment_intent_id = $2, paid_at = $3 WHERE id = $1 RETURNING ${tipColumns}`,
    [id, paymentIntentId, new Date(now)],
  );
  const view = toTipView(row);
  return { status: 201, body: view, dropId: null, events: [{ type: 'tipped', payload: { tip: view, at: now } }] };
}
