import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { ElementId } from '@showflow/shared';
import { LIVE_SERVICE, StreamId } from '@showflow/live';
import { LiveRuntime } from '../modules/live/live-runtime.ts';
import type { ShowflowApp } from '../service/app.ts';
import { stillsOf } from './stills-index.ts';
import { producerProcedure, router, viewerProcedure } from './trpc.ts';

function liveOf(app: ShowflowApp): LiveRuntime {
  const live = app.services.get(LIVE_SERVICE);
  if (!(live instanceof LiveRuntime)) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'this runtime runs without the live module' });
  return live;
}

/** Stream tokens for senders, stream and viewer state for producers, versioned still URLs. */
export const liveRouter = router({
  /** A token for a sender, shown once (only its hash is kept); an existing stream gets a new one. */
  createStream: producerProcedure
    .input(z.object({ streamId: StreamId.optional() }).optional())
    .mutation(({ ctx, input }) => liveOf(ctx.app).createStream(input?.streamId)),

  streams: viewerProcedure.query(({ ctx }) => liveOf(ctx.app).streams()),

  viewerStats: viewerProcedure.input(z.object({ pipelineId: ElementId })).query(({ ctx, input }) => liveOf(ctx.app).viewerStats(input.pipelineId)),

  /** URLs of the running version's still outputs; unchanged stills keep their URL across versions. */
  stills: viewerProcedure.input(z.object({ pipelineId: ElementId })).query(({ ctx, input }) => stillsOf(ctx.app, input.pipelineId)),
});
