import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ElementId } from '@showflow/shared';
import { DropRegistry, isCommerceError, type CommerceService } from '@showflow/commerce';
import type { ShowflowApp } from '../service/app.ts';
import { producerProcedure, router, viewerProcedure } from './trpc.ts';

/** The orders service and drop registry of the runtime's commerce module, or a clear refusal. */
function commerceOf(app: ShowflowApp): { service: CommerceService; registry: DropRegistry } {
  const service = app.services.get('commerce') as CommerceService | undefined;
  const registry = app.services.get('commerce.drops');
  if (!service || !(registry instanceof DropRegistry)) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'this runtime has no commerce module' });
  }
  return { service, registry };
}

const trpcCodeFor = { SF403: 'CONFLICT', SF407: 'NOT_FOUND' } as const;

/** Orders-service refusals keep their SF4xx code and message. */
async function commerceCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!isCommerceError(error)) throw error;
    const code = trpcCodeFor[error.code as keyof typeof trpcCodeFor] ?? 'BAD_REQUEST';
    throw new TRPCError({ code, message: `${error.code} ${error.message}`, cause: error });
  }
}

/** Producer actions on a show's drops: live state with the funnel, cues, funnel by drop. */
export const commerceRouter = router({
  drops: viewerProcedure.input(z.object({ pipelineId: ElementId })).query(({ ctx, input }) => {
    const { service, registry } = commerceOf(ctx.app);
    return commerceCall(() =>
      Promise.all(
        registry.list(input.pipelineId).map(async (entry) => ({
          nodeId: entry.nodeId,
          type: entry.type,
          drop: await service.getDrop(entry.dropId),
          funnel: await service.funnel(entry.dropId),
        })),
      ),
    );
  }),

  /** The producer's live cue; reaches the running node, which acts through the orders service. */
  cue: producerProcedure
    .input(
      z.object({
        pipelineId: ElementId,
        nodeId: ElementId,
        action: z.enum(['start', 'end', 'flash']),
        /** One per click, so a retried request does not start or end twice. */
        cueId: z.string().min(1).max(100).optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const entry = commerceOf(ctx.app).registry.get(input.pipelineId, input.nodeId);
      if (!entry) throw new TRPCError({ code: 'NOT_FOUND', message: `no running drop node ${input.nodeId} in ${input.pipelineId}` });
      return commerceCall(() => entry.cue(input.action, input.cueId ?? randomUUID()));
    }),

  funnel: viewerProcedure.input(z.object({ dropId: z.string().min(1).max(200) })).query(({ ctx, input }) => {
    const { service } = commerceOf(ctx.app);
    return commerceCall(() => service.funnel(input.dropId));
  }),
});
