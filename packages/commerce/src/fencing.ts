import { CommerceError } from './errors.ts';
import type { SqlRunner } from './sql/types.ts';

/**
 * The lease a pipeline's side effect is made under, when runtime instances share the show:
 * the pipeline and the fencing token of its owner's lease (larger for every later owner).
 */
export interface Fence {
  pipelineId: string;
  token: number;
}

/**
 * Raises the pipeline's fence to `fence.token`, or refuses with SF427 when a newer owner has
 * already acted for it. Run first in the transaction of the write it guards: the refusal then
 * rolls everything back, so a paused old owner that wakes after a takeover writes nothing.
 * The row lock orders concurrent writers; equal tokens (one owner) always pass.
 */
export async function checkFence(tx: SqlRunner, fence: Fence | undefined): Promise<void> {
  if (!fence) return;
  if (!Number.isSafeInteger(fence.token) || fence.token < 1) throw new CommerceError('SF408', `fencing token ${fence.token} is not a positive integer`, ['fence', 'token']);
  const [row] = await tx.query<{ token: string }>(
    `INSERT INTO pipeline_fences (pipeline_id, token) VALUES ($1, $2)
     ON CONFLICT (pipeline_id) DO UPDATE SET token = EXCLUDED.token WHERE pipeline_fences.token <= EXCLUDED.token
     RETURNING token`,
    [fence.pipelineId, fence.token],
  );
  if (row) return;
  const [seen] = await tx.query<{ token: string }>('SELECT token FROM pipeline_fences WHERE pipeline_id = $1', [fence.pipelineId]);
  throw new CommerceError(
    'SF427',
    `pipeline ${fence.pipelineId}: fencing token ${fence.token} is stale, a newer owner (token ${seen?.token ?? '?'}) has taken the pipeline over`,
    ['fence', 'token'],
  );
}
