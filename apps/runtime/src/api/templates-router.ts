import { z } from 'zod';
import { ElementId, ExportParameter, TemplateMeta, validateTemplate, type ExportParameter as ExportParameterType } from '@showflow/shared';
import { defaultGalleryDir, exportPipelineTemplate, importTemplate, readGallery, templateEnvironment } from '../templates/index.ts';
import { prepareServicesFor } from '../service/deploy-progress.ts';
import { producerProcedure, router, viewerProcedure } from './trpc.ts';

/** Templates: the gallery from examples/templates, validation, import as a new draft, export of a pipeline. */
export function createTemplatesRouter(galleryDir = defaultGalleryDir) {
  return router({
    gallery: viewerProcedure.query(({ ctx }) => readGallery(galleryDir, ctx.app.catalog)),
    validate: producerProcedure.input(z.object({ template: z.unknown() })).mutation(({ ctx, input }) => {
      const result = validateTemplate(input.template, templateEnvironment(ctx.app.catalog));
      return result.ok ? { ok: true as const, problems: [], template: result.template } : { ok: false as const, problems: result.problems, template: null };
    }),
    import: producerProcedure
      .input(
        z.object({
          template: z.unknown().optional(),
          galleryId: z.string().max(100).optional(),
          values: z.record(z.string(), z.unknown()).default({}),
          name: z.string().max(200).optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const made = await importTemplate(ctx.app, input, galleryDir);
        // A show that sells starts opening its orders database now, not on its first deploy.
        prepareServicesFor(ctx.app, (await ctx.app.store.getPipeline(made.id))?.draft);
        return made;
      }),
    export: producerProcedure
      .input(z.object({ pipelineId: ElementId, params: z.array(ExportParameter).max(100).default([]), meta: TemplateMeta }))
      .mutation(({ ctx, input }) => exportPipelineTemplate(ctx.app, { ...input, params: input.params as ExportParameterType[] })),
  });
}

export const templatesRouter = createTemplatesRouter();
