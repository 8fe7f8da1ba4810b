import type { SqlRunner } from './sql/types.ts';

/*
 * Stock lives on the product (SKU). A drop allocates units from the product's on-hand
 * count when it is created (or grown), and gives back what it did not sell when it ends,
 * shrinks or is replaced. A product is stocked by the first drop that names its SKU, with
 * that drop's quantity; after that only a restock adds units. So redeploys, price changes
 * and restarts move units around but never mint them.
 * Lock order: products are always locked last (after reservations, drops, holdings).
 */

/** Takes up to `wanted` units of `sku` for a drop; creates the product stocked with `wanted` when it is new. */
export async function allocate(tx: SqlRunner, sku: string, title: string, wanted: number, now: number): Promise<number> {
  await tx.query(
    'INSERT INTO products (sku, title, on_hand, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sku) DO NOTHING',
    [sku, title, wanted, new Date(now)],
  );
  const [row] = await tx.query<{ taken: number }>(
    `WITH p AS (SELECT sku, on_hand FROM products WHERE sku = $1 FOR UPDATE)
     UPDATE products SET on_hand = products.on_hand - LEAST(p.on_hand, $2)
     FROM p WHERE products.sku = p.sku RETURNING LEAST(p.on_hand, $2) AS taken`,
    [sku, wanted],
  );
  return row.taken;
}

/** Gives `units` back to the product. */
export async function giveBack(tx: SqlRunner, sku: string, units: number): Promise<void> {
  if (units <= 0) return;
  await tx.query('UPDATE products SET on_hand = on_hand + $2 WHERE sku = $1', [sku, units]);
}

/**
 * Returns an ended drop's unsold, unheld units to its product (its allocation shrinks to
 * what is sold or still held). Held units come back here too when their holds lapse.
 */
export async function returnUnsold(tx: SqlRunner, dropId: string, now: number): Promise<number> {
  const [row] = await tx.query<{ sku: string; units: number }>(
    `WITH d AS (SELECT id, sku, available FROM drops WHERE id = $1 AND ends_at <= $2 AND available > 0 FOR UPDATE)
     UPDATE drops SET stock = drops.stock - d.available, available = 0
     FROM d WHERE drops.id = d.id RETURNING d.sku, d.available AS units`,
    [dropId, new Date(now)],
  );
  if (!row) return 0;
  await giveBack(tx, row.sku, row.units);
  return row.units;
}

/** Returns the unsold units of every drop that ended by time; run by the sweeper. */
export async function returnEndedAllocations(tx: SqlRunner, now: number, limit = 100): Promise<number> {
  const ended = await tx.query<{ id: string }>(
    'SELECT id FROM drops WHERE available > 0 AND ends_at <= $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED',
    [new Date(now), limit],
  );
  let units = 0;
  for (const { id } of ended) units += await returnUnsold(tx, id, now);
  return units;
}

export interface ProductView {
  sku: string;
  title: string;
  /** Units no drop holds and nobody bought. */
  onHand: number;
}

export async function selectProduct(tx: SqlRunner, sku: string): Promise<ProductView | undefined> {
  const [row] = await tx.query<{ sku: string; title: string; on_hand: number }>('SELECT sku, title, on_hand FROM products WHERE sku = $1', [sku]);
  return row && { sku: row.sku, title: row.title, onHand: row.on_hand };
}

/** Adds units to a product (a delivery); creates it when new. */
export async function restock(tx: SqlRunner, sku: string, title: string, units: number, now: number): Promise<ProductView> {
  const [row] = await tx.query<{ sku: string; title: string; on_hand: number }>(
    `INSERT INTO products (sku, title, on_hand, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (sku) DO UPDATE SET on_hand = products.on_hand + EXCLUDED.on_hand
     RETURNING sku, title, on_hand`,
    [sku, title, units, new Date(now)],
  );
  return { sku: row.sku, title: row.title, onHand: row.on_hand };
}
