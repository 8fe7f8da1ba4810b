import type { BaseContext } from '@showflow/nodes/sdk';
import { CommerceError } from '../errors.ts';
import type { Fence } from '../fencing.ts';

/** The name under which a runtime that shares shows between instances provides pipeline fences. */
export const pipelineFenceServiceName = 'pipeline.fence';

/** Lease fencing tokens of the pipelines this instance runs (decision 0087). */
export interface PipelineFences {
  /** The token of the lease this instance holds on the pipeline, or undefined when it no longer holds one. */
  current(pipelineId: string): number | undefined;
}

/**
 * The fence a drop node's writes carry: none on a runtime that runs alone (no such service),
 * the lease's token when instances share the show. A lease already lost by this instance's
 * clock refuses here (SF427) without asking the database.
 */
export function fenceOf(ctx: Pick<BaseContext<unknown>, 'services' | 'pipelineId'>): Fence | undefined {
  const fences = ctx.services.get(pipelineFenceServiceName) as PipelineFences | undefined;
  if (typeof fences?.current !== 'function') return undefined;
  const token = fences.current(ctx.pipelineId);
  if (token === undefined) throw new CommerceError('SF427', `pipeline ${ctx.pipelineId}: this instance no longer holds its lease; the cue is left to the new owner`, ['fence']);
  return { pipelineId: ctx.pipelineId, token };
}
