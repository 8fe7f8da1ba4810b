import type { NodeServices } from '@showflow/nodes/sdk';
import { GenerativeService } from '../service/generative-service.ts';

/** The name the runtime provides the generative service under (`ctx.services.get`). */
export const GENERATIVE_SERVICE = 'generative';

/**
 * The runtime's generative service, for nodes (`generativeService(ctx)`) and API code
 * (`generativeService(app)`). Fails with a message that says what to fix rather than a
 * TypeError deep inside a run.
 */
export function generativeService(holder: { readonly services: NodeServices }): GenerativeService {
  const service = holder.services.get(GENERATIVE_SERVICE);
  if (service instanceof GenerativeService) return service;
  if (service === undefined) {
    throw new Error('this runtime has no generative service: open the generative module (apps/runtime/src/modules/generative.ts), or pass services: { generative } to the harness');
  }
  throw new Error(`the "${GENERATIVE_SERVICE}" service is not a GenerativeService`);
}

/** The service's key for one node of one pipeline: stats, variations and the shown asset are kept per key. */
export function overlayNodeKey(pipelineId: string, nodeId: string): string {
  return `${pipelineId}/${nodeId}`;
}
