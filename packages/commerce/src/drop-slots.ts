import { dropColumns, insertDrop } from './drops.ts';
import type { CommerceEvent } from './events.ts';
import type { Effect } from './idempotency.ts';
import { allocate, giveBack, returnUnsold } from './products.ts';
import { requestHash } from './idempotency.ts';
import type { CreateDrop } from './schemas.ts';
import type { SqlRunner } from './sql/types.ts';
import { ms, toDropView, type DropRow } from './views.ts';

/**
 * The drop a slot (a pipeline node) sells, made to match `input`:
 * - no drop yet: one is created, allocating its units from the product;
 * - the same definition (a restart, an unchanged redeploy, a day later): the drop as it is;
 * - a changed definition of the same SKU while the drop has not ended: the drop is edited
 *   (price, texts, limits; times while still scheduled), and its allocation grows from the
 *   product or shrinks by giving unsold units back;
 * - another SKU, or the drop already ended: the old drop ends, returns its unsold units,
 *   and a new one takes the slot.
 */
export async function ensureDropWork(tx: SqlRunner, slot: string, input: CreateDrop, now: number): Promise<Effect> {
  const definitionHash = requestHash(input);
  const [row] = await tx.query<DropRow & { definition_hash: string | null }>(
    `SELECT ${dropColumns}, definition_hash FROM drops WHERE slot = $1 FOR UPDATE`,
    [slot],
  );
  if (!row) return insertDrop(tx, input, now, { slot, definitionHash });
  const ended = now >= ms(row.ends_at);
  // Unchanged: answered as it is, unless it is still short of units a restock has since provided.
  if (row.definition_hash === definitionHash && (ended || row.stock >= input.quantity)) {
    return { status: 200, body: toDropView(row, now), dropId: row.id, events: [] };
  }

  if (row.sku !== input.sku || ended) {
    const events: CommerceEvent[] = [];
    await tx.query(
      `UPDATE drops SET slot = NULL, starts_at = LEAST(starts_at, $2::timestamptz - interval '1 millisecond'),
         ends_at = LEAST(ends_at, $2::timestamptz) WHERE id = $1`,
      [row.id, new Date(now)],
    );
    await returnUnsold(tx, row.id, now);
    if (!ended) events.push({ type: 'ended', payload: { dropId: row.id, at: now } });
    const created = await insertDrop(tx, input, now, { slot, definitionHash });
    return { ...created, events: [...events, ...created.events] };
  }

  const scheduled = now < ms(row.starts_at);
  const delta = input.quantity - row.stock;
  let grow = 0;
  let shrink = 0;
  if (delta > 0) grow = await allocate(tx, input.sku, input.title, delta, now);
  if (delta < 0) shrink = Math.min(-delta, row.available);
  const [edited] = await tx.query<DropRow>(
    `UPDATE drops SET title = $2, price_cents = $3, currency = $4, schedule = $5, bundle = $6,
       per_viewer_limit = $7, reservation_ttl_ms = $8, definition_hash = $9,
       stock = stock + $10, available = available + $10,
       starts_at = CASE WHEN $11 THEN $12::timestamptz ELSE starts_at END,
       ends_at = CASE WHEN $11 THEN $13::timestamptz ELSE ends_at END
     WHERE id = $1 RETURNING ${dropColumns}`,
    [
      row.id,
      input.title,
      input.priceCents,
      input.currency,
      JSON.stringify(input.schedule),
      input.bundle ? JSON.stringify(input.bundle) : null,
      input.perViewerLimit,
      input.reservationTtlSeconds * 1000,
      definitionHash,
      grow - shrink,
      scheduled,
      new Date(input.startsAt),
      new Date(input.endsAt),
    ],
  );
  await giveBack(tx, input.sku, shrink);
  return { status: 200, body: toDropView(edited, now), dropId: row.id, events: [] };
}
