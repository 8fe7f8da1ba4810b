import { z } from 'zod';
import { ElementId } from '@showflow/shared';
import { router, viewerProcedure } from './trpc.ts';
import { requireOwner } from '../cluster/owner-routing.ts';

const NodeRef = z.object({ pipelineId: ElementId, nodeId: ElementId });

/** What node outputs really carry, for the inspector's data panel. */
export const portsRouter = router({
  /**
   * The node's recent messages per output port (numbers, short JSON of events and text,
   * frame summaries). Reading opens the node's tap; it closes when nobody reads it for a
   * while, so a pipeline nobody inspects records nothing. Null when the node does not run.
   */
  tap: viewerProcedure.input(NodeRef).query(async ({ ctx, input }) => {
    // Only the instance running a pipeline sees its messages (SF334 elsewhere).
    await requireOwner(ctx.app, input.pipelineId);
    return ctx.app.engine.tap(input.pipelineId, input.nodeId);
  }),
});
