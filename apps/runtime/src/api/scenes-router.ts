import { z } from 'zod';
import { ElementId, ShowflowError } from '@showflow/shared';
import { SCENE_INPUTS, SCENE_REGISTRY_SERVICE, SceneRegistry } from '@showflow/nodes';
import type { ShowflowApp } from '../service/app.ts';
import { producerProcedure, router, viewerProcedure } from './trpc.ts';

function registryOf(app: ShowflowApp): SceneRegistry | undefined {
  const value = app.services.get(SCENE_REGISTRY_SERVICE);
  return value instanceof SceneRegistry ? value : undefined;
}

/** The control room's scene switchers: their buses, and cues (preview, cut, fade, program). */
export const scenesRouter = router({
  list: viewerProcedure.input(z.object({ pipelineId: ElementId })).query(({ ctx, input }) =>
    (registryOf(ctx.app)?.list(input.pipelineId) ?? []).map((s) => ({ nodeId: s.nodeId, names: s.names, ...s.state() })),
  ),
  cue: producerProcedure
    .input(
      z.object({
        pipelineId: ElementId,
        nodeId: ElementId,
        action: z.enum(['preview', 'cut', 'fade', 'program']),
        scene: z.number().int().min(1).max(SCENE_INPUTS).optional(),
        fadeMs: z.number().int().min(0).max(10_000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const switcher = registryOf(ctx.app)?.get(input.pipelineId, input.nodeId);
      if (!switcher) throw new ShowflowError('SF222', `no running scene switcher "${input.nodeId}" in pipeline "${input.pipelineId}"`);
      const { action, scene, fadeMs } = input;
      switcher.cue({ action, ...(scene !== undefined ? { scene } : {}), ...(fadeMs !== undefined ? { fadeMs } : {}) });
      return { nodeId: switcher.nodeId, names: switcher.names, ...switcher.state() };
    }),
});
