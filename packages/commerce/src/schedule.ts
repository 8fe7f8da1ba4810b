import { dropColumns, selectDrop } from './drops.ts';
import { CommerceError } from './errors.ts';
import type { Effect } from './idempotency.ts';
import { returnUnsold } from './products.ts';
import type { SqlRunner } from './sql/types.ts';
import { ms, toDropView, type DropRow } from './views.ts';

/**
 * Starts a scheduled drop now, keeping its planned length. Already live: answered with the
 * live state unchanged (a second cue is harmless). Ended: refused with SF403.
 */
export async function startDropWork(tx: SqlRunner, dropId: string, now: number): Promise<Effect> {
  const at = new Date(now);
  const [row] = await tx.query<DropRow>(
    `UPDATE drops SET ends_at = $2::timestamptz + (ends_at - starts_at), starts_at = $2
     WHERE id = $1 AND starts_at > $2 RETURNING ${dropColumns}`,
    [dropId, at],
  );
  if (row) return { status: 200, body: toDropView(row, now), dropId, events: [{ type: 'live', payload: { dropId, at: now } }] };
  const current = await selectDrop(tx, dropId);
  if (!current) throw new CommerceError('SF407', `no drop ${dropId}`, ['dropId']);
  if (now >= ms(current.ends_at)) throw new CommerceError('SF403', `drop ended at ${new Date(current.ends_at).toISOString()}`, ['dropId']);
  return { status: 200, body: toDropView(current, now), dropId, events: [] };
}

/**
 * Ends a drop now: no new reservations; holds already taken may still be confirmed until
 * they expire, as the viewer was promised when reserving. Ending an ended drop changes nothing.
 */
export async function endDropWork(tx: SqlRunner, dropId: string, now: number): Promise<Effect> {
  const at = new Date(now);
  // A drop ended before it started keeps `ends_at > starts_at` by starting a moment earlier.
  const [row] = await tx.query<DropRow>(
    `UPDATE drops SET starts_at = LEAST(starts_at, $2::timestamptz - interval '1 millisecond'), ends_at = $2
     WHERE id = $1 AND ends_at > $2 RETURNING ${dropColumns}`,
    [dropId, at],
  );
  if (row) {
    // Unsold units go back to the product now; held ones follow as their holds settle.
    await returnUnsold(tx, dropId, now);
    const after = (await selectDrop(tx, dropId))!;
    return { status: 200, body: toDropView(after, now), dropId, events: [{ type: 'ended', payload: { dropId, at: now } }] };
  }
  const current = await selectDrop(tx, dropId);
  if (!current) throw new CommerceError('SF407', `no drop ${dropId}`, ['dropId']);
  return { status: 200, body: toDropView(current, now), dropId, events: [] };
}
