import { createHash } from 'node:crypto';
import { canonicalJson } from '@showflow/shared';
import { CommerceError, isCommerceError } from './errors.ts';
import type { CommerceEvent } from './events.ts';
import type { SqlRunner } from './sql/types.ts';

/** A response as first produced and as replayed: status plus the exact JSON text. */
export interface StoredReply {
  status: number;
  body: string;
  replayed: boolean;
}

/** What one piece of work produced; errors returned (not thrown) keep their writes. */
export interface Effect {
  status: number;
  body: unknown;
  dropId: string | null;
  events: CommerceEvent[];
}

export interface IdempotentRequest {
  /** Endpoint plus the resource or viewer it acts for; keys are unique within a scope. */
  scope: string;
  key: string;
  /** The validated request; equal requests hash equally whatever their key order. */
  request: unknown;
  now: number;
  /** Drop the request is about when known up front, for counting replays per drop. */
  dropId?: string;
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/**
 * Runs `work` at most once per (scope, key), as Stripe does. Must be called inside a
 * transaction. The key row is inserted before the work: on PostgreSQL a concurrent request
 * with the same key blocks on that insert until the first commits, then finds the stored
 * response; if the first rolls back, the second does the work instead. A CommerceError
 * thrown by `work` rolls its writes back to a savepoint and is stored as the response
 * (status ≥ 400), so a retry gets the same answer; any other error aborts the transaction
 * and stores nothing, so a retry runs the work again.
 */
export async function runIdempotent(
  tx: SqlRunner,
  req: IdempotentRequest,
  work: () => Promise<Effect>,
): Promise<{ reply: StoredReply; events: CommerceEvent[] }> {
  const hash = requestHash(req.request);
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
    [req.scope, req.key, hash, new Date(req.now)],
  );
  if (claimed.length === 0) return { reply: await replay(tx, req, hash), events: [] };

  await tx.query('SAVEPOINT idempotent_work');
  let effect: Effect;
  try {
    effect = await work();
  } catch (error) {
    if (!isCommerceError(error)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT idempotent_work');
    effect = { status: error.status, body: error.toBody(), dropId: req.dropId ?? null, events: [] };
  }
  const body = JSON.stringify(effect.body);
  await tx.query('UPDATE idempotency_keys SET status = $3, response = $4, drop_id = $5 WHERE scope = $1 AND key = $2', [
    req.scope,
    req.key,
    effect.status,
    body,
    effect.dropId ?? req.dropId ?? null,
  ]);
  return { reply: { status: effect.status, body, replayed: false }, events: effect.events };
}

async function replay(tx: SqlRunner, req: IdempotentRequest, hash: string): Promise<StoredReply> {
  const [stored] = await tx.query<{ request_hash: string; status: number; response: string; drop_id: string | null }>(
    'SELECT request_hash, status, response, drop_id FROM idempotency_keys WHERE scope = $1 AND key = $2',
    [req.scope, req.key],
  );
  if (!stored) throw new Error(`idempotency key ${req.key} vanished while replaying`);
  if (stored.request_hash !== hash) {
    throw new CommerceError(
      'SF406',
      'this Idempotency-Key was already used with a different request; send a new key for a new request',
      ['headers', 'Idempotency-Key'],
    );
  }
  if (stored.drop_id !== null) {
    await tx.query('UPDATE drop_funnel SET replays = replays + 1 WHERE drop_id = $1', [stored.drop_id]);
  }
  return { status: stored.status, body: stored.response, replayed: true };
}

/** Keys are kept for a day (as Stripe does); older ones are removed by the sweeper. */
export async function pruneIdempotencyKeys(tx: SqlRunner, olderThan: number): Promise<number> {
  const rows = await tx.query('DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING key', [new Date(olderThan)]);
  return rows.length;
}
