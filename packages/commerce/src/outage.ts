import type { SqlRunner } from './sql/types.ts';
import { ms } from './views.ts';

/** Gaps shorter than this are a slow sweep, not an outage. */
const outageThresholdMs = 5_000;

/** The sweeper's proof of life; the gap before the next start is how long nobody served. */
export async function beat(tx: SqlRunner, now: number): Promise<void> {
  await tx.query(
    `INSERT INTO service_heartbeat (id, seen_at) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET seen_at = GREATEST(service_heartbeat.seen_at, EXCLUDED.seen_at)`,
    [new Date(now)],
  );
}

/**
 * After an outage, gives every hold that was still running when the service went away the
 * time it lost: a viewer mid-checkout should not come back to an expired hold because the
 * shop was down. Returns the outage in ms (0 when there was none) and writes a heartbeat.
 */
export async function extendHoldsAfterOutage(tx: SqlRunner, now: number): Promise<number> {
  const [row] = await tx.query<{ seen_at: Date | string }>('SELECT seen_at FROM service_heartbeat WHERE id = 1 FOR UPDATE');
  if (!row) return 0;
  const lastSeen = ms(row.seen_at);
  const gap = now - lastSeen;
  if (gap < outageThresholdMs) return 0;
  await tx.query(
    `UPDATE reservations SET expires_at = expires_at + make_interval(secs => $2 / 1000.0)
     WHERE status = 'pending' AND expires_at > $1`,
    [new Date(lastSeen), gap],
  );
  await tx.query(
    `UPDATE drops SET next_expiry_at = (SELECT min(expires_at) FROM reservations WHERE drop_id = drops.id AND status = 'pending')
     WHERE next_expiry_at IS NOT NULL`,
  );
  await beat(tx, now);
  return gap;
}
