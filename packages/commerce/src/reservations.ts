import { randomUUID } from 'node:crypto';
import { dropColumns, selectDrop } from './drops.ts';
import { CommerceError } from './errors.ts';
import type { CommerceEvent } from './events.ts';
import type { Effect } from './idempotency.ts';
import { returnUnsold } from './products.ts';
import type { SqlRunner } from './sql/types.ts';
import { ms, quoteForRow, toOrderView, toReservationView, type DropRow, type OrderRow, type ReservationRow } from './views.ts';

/*
 * Every path takes row locks in one order — reservations, then drops, then
 * viewer_holdings, then products — so concurrent transactions on PostgreSQL wait on each other but never
 * deadlock. Stock and per-viewer limits are each guarded by one conditional statement.
 */

const reservationColumns = `id, drop_id, viewer_id, quantity, unit_price_cents, currency, status, created_at, expires_at, settled_at`;
const orderColumns = `id, reservation_id, drop_id, viewer_id, quantity, unit_price_cents, total_cents, currency, created_at, payment_intent_id`;

/** Takes `quantity` units if the drop is live and has them; returns the drop after, or nothing. */
async function takeStock(tx: SqlRunner, dropId: string, quantity: number, now: number): Promise<DropRow | undefined> {
  const [row] = await tx.query<DropRow>(
    `UPDATE drops SET available = available - $2,
       next_expiry_at = COALESCE(next_expiry_at, $3::timestamptz + make_interval(secs => reservation_ttl_ms / 1000.0))
     WHERE id = $1 AND available >= $2 AND per_viewer_limit >= $2 AND starts_at <= $3 AND ends_at > $3
     RETURNING ${dropColumns}`,
    [dropId, quantity, new Date(now)],
  );
  return row;
}

/** SF401 only when the units are bought; while some are held at checkout, SF426 says when one may come back. */
function shortOfStock(row: DropRow, quantity: number): CommerceError {
  const unsold = row.stock - row.sold;
  const held = unsold - row.available;
  if (held > 0 && unsold >= quantity) {
    const back = row.next_expiry_at ? `; the next hold lapses at ${new Date(row.next_expiry_at).toISOString()} unless bought` : '';
    return new CommerceError('SF426', `every unit left is held by viewers at checkout${back}`, ['quantity']);
  }
  return new CommerceError('SF401', `sold out: fewer than ${quantity} unit(s) left`, ['quantity']);
}

function refusal(row: DropRow, quantity: number, now: number): CommerceError | null {
  if (now < ms(row.starts_at)) {
    return new CommerceError('SF403', `drop has not started; it starts at ${new Date(row.starts_at).toISOString()}`, ['dropId']);
  }
  if (now >= ms(row.ends_at)) {
    return new CommerceError('SF403', `drop ended at ${new Date(row.ends_at).toISOString()}`, ['dropId']);
  }
  if (quantity > row.per_viewer_limit) {
    return new CommerceError('SF402', `at most ${row.per_viewer_limit} per viewer in this drop`, ['quantity']);
  }
  return null;
}

export async function reserveWork(
  tx: SqlRunner,
  dropId: string,
  input: { viewerId: string; quantity: number },
  now: number,
): Promise<Effect> {
  const events: CommerceEvent[] = [];
  let row = await takeStock(tx, dropId, input.quantity, now);
  if (!row) {
    // Refused: read the drop to say why (a snapshot, which only matters for choosing the error).
    const drop = await selectDrop(tx, dropId);
    if (!drop) throw new CommerceError('SF407', `no drop ${dropId}`, ['dropId']);
    const refused = refusal(drop, input.quantity, now);
    if (refused) throw refused;
    // Short on stock: expired holds may still be counted, so return them and try once more.
    // The hint can only be missing while holds exist after a race on PostgreSQL; sweep then too.
    const held = drop.stock - drop.available - drop.sold;
    const hint = drop.next_expiry_at;
    if ((hint !== null && ms(hint) <= now) || (hint === null && held > 0)) {
      const expired = await sweepExpired(tx, now, { dropId, limit: 1000 });
      events.push(...expired);
      if (expired.length > 0) row = await takeStock(tx, dropId, input.quantity, now);
    }
    if (!row) {
      // Returned, not thrown, so the expiries above commit with the refusal.
      const error = shortOfStock((await selectDrop(tx, dropId)) ?? drop, input.quantity);
      return { status: error.status, body: error.toBody(), dropId, events };
    }
  }

  const held = await tx.query(
    `INSERT INTO viewer_holdings (drop_id, viewer_id, held) VALUES ($1, $2, $3)
     ON CONFLICT (drop_id, viewer_id) DO UPDATE SET held = viewer_holdings.held + EXCLUDED.held
     WHERE viewer_holdings.held + EXCLUDED.held <= $4
     RETURNING held`,
    [dropId, input.viewerId, input.quantity, row.per_viewer_limit],
  );
  if (held.length === 0) {
    // Thrown so the savepoint gives the stock taken above back.
    throw new CommerceError('SF402', `at most ${row.per_viewer_limit} per viewer in this drop, counting held and bought units`, ['quantity']);
  }

  // The price of the first unit this reservation claims, as the live state showed it.
  const claimedBefore = row.stock - row.available - input.quantity;
  const quote = quoteForRow(row, now, claimedBefore);
  const [reservation] = await tx.query<ReservationRow>(
    `INSERT INTO reservations (id, drop_id, viewer_id, quantity, unit_price_cents, currency, status, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8) RETURNING ${reservationColumns}`,
    [
      `res_${randomUUID()}`,
      dropId,
      input.viewerId,
      input.quantity,
      quote.unitCents,
      row.currency,
      new Date(now),
      new Date(now + row.reservation_ttl_ms),
    ],
  );
  const view = toReservationView(reservation);
  events.push({ type: 'reserved', payload: { dropId, reservation: view, available: row.available, at: now } });
  return { status: 201, body: view, dropId, events };
}

/**
 * `owner` is the viewer the reservation must belong to (null: the producer, anyone's).
 * Another viewer's reservation answers as missing, so ids reveal nothing.
 */
export async function confirmWork(
  tx: SqlRunner,
  reservationId: string,
  owner: string | null,
  now: number,
  /** Charges for the reservation and answers the payment's id; a throw rolls the confirm back. */
  pay: (reservation: ReservationRow) => Promise<string | null> = async () => null,
): Promise<Effect> {
  const [reservation] = await tx.query<ReservationRow>(
    `UPDATE reservations SET status = 'confirmed', settled_at = $2
     WHERE id = $1 AND status = 'pending' AND expires_at > $2 AND ($3::text IS NULL OR viewer_id = $3) RETURNING ${reservationColumns}`,
    [reservationId, new Date(now), owner],
  );
  if (!reservation) return unsettleable(tx, reservationId, owner, now, 'confirm');
  const paymentIntentId = await pay(reservation);

  const [drop] = await tx.query<{ available: number; sold: number; stock: number; ends_at: Date | string }>(
    'UPDATE drops SET sold = sold + $2 WHERE id = $1 RETURNING available, sold, stock, ends_at',
    [reservation.drop_id, reservation.quantity],
  );
  const [order] = await tx.query<OrderRow>(
    `INSERT INTO orders (id, reservation_id, drop_id, viewer_id, quantity, unit_price_cents, total_cents, currency, created_at, payment_intent_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${orderColumns}`,
    [
      `ord_${randomUUID()}`,
      reservation.id,
      reservation.drop_id,
      reservation.viewer_id,
      reservation.quantity,
      reservation.unit_price_cents,
      reservation.unit_price_cents * reservation.quantity,
      reservation.currency,
      new Date(now),
      paymentIntentId,
    ],
  );
  const view = toOrderView(order);
  const event: CommerceEvent = {
    type: 'ordered',
    payload: { dropId: reservation.drop_id, order: view, sold: drop.sold, available: drop.available, at: now },
  };
  // Sold out means bought: only the order that takes the last unit announces it.
  const soldOut: CommerceEvent[] = drop.sold >= drop.stock && now < ms(drop.ends_at) ? [{ type: 'sold-out', payload: { dropId: reservation.drop_id, at: now } }] : [];
  return { status: 201, body: view, dropId: reservation.drop_id, events: [event, ...soldOut] };
}

export async function cancelWork(tx: SqlRunner, reservationId: string, owner: string | null, now: number): Promise<Effect> {
  const [reservation] = await tx.query<ReservationRow>(
    `UPDATE reservations SET status = 'cancelled', settled_at = $2
     WHERE id = $1 AND status = 'pending' AND expires_at > $2 AND ($3::text IS NULL OR viewer_id = $3) RETURNING ${reservationColumns}`,
    [reservationId, new Date(now), owner],
  );
  if (!reservation) return unsettleable(tx, reservationId, owner, now, 'cancel');
  const available = await releaseStock(tx, [reservation], now);
  const view = toReservationView(reservation);
  const event: CommerceEvent = {
    type: 'cancelled',
    payload: { dropId: reservation.drop_id, reservation: view, available: available.get(reservation.drop_id)!, at: now },
  };
  return { status: 200, body: view, dropId: reservation.drop_id, events: [event] };
}

/** Why a reservation cannot be confirmed or cancelled; expires it on the spot when it is overdue. */
async function unsettleable(tx: SqlRunner, reservationId: string, owner: string | null, now: number, action: string): Promise<Effect> {
  const [row] = await tx.query<ReservationRow>(`SELECT ${reservationColumns} FROM reservations WHERE id = $1`, [reservationId]);
  if (!row || (owner !== null && row.viewer_id !== owner)) throw new CommerceError('SF407', `no reservation ${reservationId}`, ['reservationId']);
  let events: CommerceEvent[] = [];
  if (row.status === 'pending') events = await sweepExpired(tx, now, { dropId: row.drop_id, limit: 1000 });
  const error =
    row.status === 'pending' || row.status === 'expired'
      ? new CommerceError('SF404', `reservation expired at ${new Date(row.expires_at).toISOString()}; its stock went back on sale`, ['reservationId'])
      : new CommerceError('SF409', `cannot ${action}: reservation is already ${row.status}`, ['reservationId']);
  // Returned, not thrown, so an on-the-spot expiry commits.
  return { status: error.status, body: error.toBody(), dropId: row.drop_id, events };
}

/** Gives reservations' units back to their drops and viewers; returns each drop's available count after. */
async function releaseStock(tx: SqlRunner, rows: ReservationRow[], now: number): Promise<Map<string, number>> {
  const byDrop = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const viewers = byDrop.get(r.drop_id) ?? new Map<string, number>();
    viewers.set(r.viewer_id, (viewers.get(r.viewer_id) ?? 0) + r.quantity);
    byDrop.set(r.drop_id, viewers);
  }
  const available = new Map<string, number>();
  // Sorted so two sweepers lock drops and holdings in the same order.
  for (const dropId of [...byDrop.keys()].sort()) {
    const viewers = byDrop.get(dropId)!;
    const units = [...viewers.values()].reduce((a, b) => a + b, 0);
    const [drop] = await tx.query<{ available: number }>(
      `UPDATE drops SET available = available + $2,
         next_expiry_at = (SELECT min(expires_at) FROM reservations WHERE drop_id = $1 AND status = 'pending')
       WHERE id = $1 RETURNING available`,
      [dropId, units],
    );
    available.set(dropId, drop.available);
    for (const viewerId of [...viewers.keys()].sort()) {
      await tx.query('UPDATE viewer_holdings SET held = held - $3 WHERE drop_id = $1 AND viewer_id = $2', [
        dropId,
        viewerId,
        viewers.get(viewerId),
      ]);
    }
    // A drop that has ended sells nothing more: the units go back to the product.
    if (await returnUnsold(tx, dropId, now)) available.set(dropId, 0);
  }
  return available;
}

/**
 * Expires overdue pending reservations (of one drop, or all) and returns their stock.
 * SKIP LOCKED lets several instances sweep at once without waiting on each other or on a
 * confirm in flight; the status condition makes each reservation settle exactly once.
 */
export async function sweepExpired(
  tx: SqlRunner,
  now: number,
  options: { dropId?: string; limit: number },
): Promise<CommerceEvent[]> {
  // Two statements rather than an optional filter, so the per-drop one uses its index.
  const due = options.dropId
    ? `SELECT id FROM reservations WHERE status = 'pending' AND drop_id = $3 AND expires_at <= $1
       ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`
    : `SELECT id FROM reservations WHERE status = 'pending' AND expires_at <= $1
       ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`;
  const rows = await tx.query<ReservationRow>(
    `UPDATE reservations SET status = 'expired', settled_at = $1
     WHERE status = 'pending' AND id IN (${due})
     RETURNING ${reservationColumns}`,
    options.dropId ? [new Date(now), options.limit, options.dropId] : [new Date(now), options.limit],
  );
  if (rows.length === 0) {
    // The hint pointed at a hold that was confirmed since; move it on so the next read skips the sweep.
    if (options.dropId) {
      await tx.query(
        `UPDATE drops SET next_expiry_at = (SELECT min(expires_at) FROM reservations WHERE drop_id = $1 AND status = 'pending')
         WHERE id = $1`,
        [options.dropId],
      );
    }
    return [];
  }
  const available = await releaseStock(tx, rows, now);
  return rows.map((r) => ({
    type: 'expired' as const,
    payload: { dropId: r.drop_id, reservation: toReservationView(r), available: available.get(r.drop_id)!, at: now },
  }));
}

export async function selectReservation(tx: SqlRunner, id: string): Promise<ReservationRow | undefined> {
  const [row] = await tx.query<ReservationRow>(`SELECT ${reservationColumns} FROM reservations WHERE id = $1`, [id]);
  return row;
}

export async function selectOrder(tx: SqlRunner, id: string): Promise<OrderRow | undefined> {
  const [row] = await tx.query<OrderRow>(`SELECT ${orderColumns} FROM orders WHERE id = $1`, [id]);
  return row;
}
