import { z } from 'zod';
import { ElementId } from '@showflow/shared';
import { airState, takeOffAir, takeOnAir } from '../service/show-control.ts';
import { deployProgress } from '../service/deploy-progress.ts';
import { producerProcedure, router, viewerProcedure } from './trpc.ts';

const PipelineId = z.object({ id: ElementId });

/** How often `show.airLive` pushes the air state to a control room. */
export const AIR_STATE_INTERVAL_MS = 500;

/**
 * Running a show: on air / off air with the state the runtime reports (program output open,
 * frames reaching it, viewers), stop and start. Deleting is `pipelines.delete` (refused on air).
 */
export const showRouter = router({
  air: viewerProcedure.input(PipelineId).query(({ ctx, input }) => airState(ctx.app, input.id)),
  /** The current or last deploy of the pipeline, step by step (validate, database, generation, start). */
  deployProgress: viewerProcedure.input(PipelineId).query(({ ctx, input }) => deployProgress(ctx.app, input.id)),
  airLive: viewerProcedure.input(PipelineId).subscription(async function* ({ ctx, input, signal }) {
    while (!signal?.aborted) {
      yield await airState(ctx.app, input.id);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, AIR_STATE_INTERVAL_MS);
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }),
  /** Opens the audience outputs of the running version (SF656 not running, SF657 no program output). */
  onAir: producerProcedure.input(PipelineId).mutation(({ ctx, input }) => takeOnAir(ctx.app, input.id)),
  /** Closes the audience outputs; everything else keeps running for the control room. */
  offAir: producerProcedure.input(PipelineId).mutation(({ ctx, input }) => takeOffAir(ctx.app, input.id)),
  stop: producerProcedure.input(PipelineId).mutation(async ({ ctx, input }) => {
    await ctx.app.deployments.stop(input.id);
    return airState(ctx.app, input.id);
  }),
  start: producerProcedure.input(PipelineId).mutation(async ({ ctx, input }) => {
    await ctx.app.deployments.start(input.id);
    return airState(ctx.app, input.id);
  }),
});
