import { pipelineFenceServiceName, type PipelineFences } from '@showflow/commerce';
import type { NodeServices } from '@showflow/nodes/sdk';
import type { PipelinePlacement } from './pipeline-placement.ts';

/**
 * Adds the `pipeline.fence` service when pipelines are placed by lease (decision 0087):
 * nodes whose side effects must never come from a stale owner (drop cues) send the token of
 * the lease this instance holds, and the database refuses one older than a token it has seen.
 * A runtime running alone provides none, and its nodes write as before.
 */
export function withPipelineFences(services: NodeServices, placement: PipelinePlacement | undefined): NodeServices {
  if (!placement) return services;
  const fences: PipelineFences = { current: (pipelineId) => placement.fence(pipelineId) };
  return { get: (name) => (name === pipelineFenceServiceName ? fences : services.get(name)) };
}
