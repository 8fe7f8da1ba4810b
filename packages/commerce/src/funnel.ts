import type { SqlRunner } from './sql/types.ts';
import { ms } from './views.ts';

/** One drop's path from seeing it to buying it, and the stock ledger check. */
export interface FunnelView {
  dropId: string;
  impressions: number;
  clicks: number;
  /** Reservations that took stock, whatever became of them. */
  reservations: number;
  orders: number;
  expired: number;
  cancelled: number;
  /** Requests answered from a stored response instead of running again. */
  idempotentReplays: number;
  /** Units ordered or held beyond the stock. Anything but 0 is an incident. */
  oversoldUnits: number;
  /** available + held + ordered = stock, and the drop's sold counter matches the orders. */
  ledgerBalanced: boolean;
  /** Drop start → first confirmed order; null before the first order. */
  liveToOrderMs: number | null;
}

interface FunnelRow {
  stock: number;
  available: number;
  sold: number;
  starts_at: Date | string;
  impressions: number;
  clicks: number;
  replays: number;
  reservations: number;
  expired: number;
  cancelled: number;
  pending_units: number;
  orders: number;
  ordered_units: number;
  first_order_at: Date | string | null;
}

/** Counted from the reservations and orders themselves, so the hot path writes no counters. */
export async function readFunnel(tx: SqlRunner, dropId: string): Promise<FunnelView | undefined> {
  const [row] = await tx.query<FunnelRow>(
    `SELECT d.stock, d.available, d.sold, d.starts_at, f.impressions, f.clicks, f.replays,
       r.reservations, r.expired, r.cancelled, r.pending_units,
       o.orders, o.ordered_units, o.first_order_at
     FROM drops d
     JOIN drop_funnel f ON f.drop_id = d.id
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS reservations,
         (count(*) FILTER (WHERE status = 'expired'))::int AS expired,
         (count(*) FILTER (WHERE status = 'cancelled'))::int AS cancelled,
         COALESCE(sum(quantity) FILTER (WHERE status = 'pending'), 0)::int AS pending_units
       FROM reservations WHERE drop_id = d.id) r
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS orders, COALESCE(sum(quantity), 0)::int AS ordered_units, min(created_at) AS first_order_at
       FROM orders WHERE drop_id = d.id) o
     WHERE d.id = $1`,
    [dropId],
  );
  if (!row) return undefined;
  return {
    dropId,
    impressions: row.impressions,
    clicks: row.clicks,
    reservations: row.reservations,
    orders: row.orders,
    expired: row.expired,
    cancelled: row.cancelled,
    idempotentReplays: row.replays,
    oversoldUnits: Math.max(0, row.ordered_units + row.pending_units - row.stock),
    ledgerBalanced: row.available + row.pending_units + row.ordered_units === row.stock && row.sold === row.ordered_units,
    liveToOrderMs: row.first_order_at === null ? null : ms(row.first_order_at) - ms(row.starts_at),
  };
}

/** Impressions and clicks are plain counters: at-least-once, no idempotency key. */
export async function countEngagement(tx: SqlRunner, dropId: string, kind: 'impressions' | 'clicks', count: number): Promise<boolean> {
  const column = kind === 'impressions' ? 'impressions' : 'clicks';
  const rows = await tx.query(`UPDATE drop_funnel SET ${column} = ${column} + $2 WHERE drop_id = $1 RETURNING drop_id`, [dropId, count]);
  return rows.length > 0;
}
