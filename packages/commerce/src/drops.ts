import { randomUUID } from 'node:crypto';
import type { Effect } from './idempotency.ts';
import { allocate } from './products.ts';
import type { CreateDrop } from './schemas.ts';
import type { SqlRunner } from './sql/types.ts';
import { toDropView, type DropRow } from './views.ts';

export const dropColumns = `id, sku, title, stock, available, sold, price_cents, currency, schedule, bundle,
  per_viewer_limit, reservation_ttl_ms, starts_at, ends_at, next_expiry_at`;

/** Creates a drop holding up to `input.quantity` units allocated from its product (fewer when the product runs short). */
export async function insertDrop(tx: SqlRunner, input: CreateDrop, now: number, place: { slot?: string; definitionHash?: string } = {}): Promise<Effect> {
  const id = `drop_${randomUUID()}`;
  const units = await allocate(tx, input.sku, input.title, input.quantity, now);
  const [row] = await tx.query<DropRow>(
    `INSERT INTO drops (id, sku, title, stock, available, price_cents, currency, schedule, bundle,
       per_viewer_limit, reservation_ttl_ms, starts_at, ends_at, created_at, slot, definition_hash)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     RETURNING ${dropColumns}`,
    [
      id,
      input.sku,
      input.title,
      units,
      input.priceCents,
      input.currency,
      JSON.stringify(input.schedule),
      input.bundle ? JSON.stringify(input.bundle) : null,
      input.perViewerLimit,
      input.reservationTtlSeconds * 1000,
      new Date(input.startsAt),
      new Date(input.endsAt),
      new Date(now),
      place.slot ?? null,
      place.definitionHash ?? null,
    ],
  );
  await tx.query('INSERT INTO drop_funnel (drop_id) VALUES ($1)', [id]);
  return { status: 201, body: toDropView(row, now), dropId: id, events: [] };
}

export async function selectDrop(tx: SqlRunner, id: string): Promise<DropRow | undefined> {
  const [row] = await tx.query<DropRow>(`SELECT ${dropColumns} FROM drops WHERE id = $1`, [id]);
  return row;
}
