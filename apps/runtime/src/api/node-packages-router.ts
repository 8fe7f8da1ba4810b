import { packageHostOf } from '../packages/index.ts';
import { producerProcedure, router, viewerProcedure } from './trpc.ts';

/** Node packages found in the nodes folders: their status and types, and a reload that updates the palette. */
export const nodePackagesRouter = router({
  list: viewerProcedure.query(({ ctx }) => {
    const host = packageHostOf(ctx.app.catalog);
    return { dirs: host?.nodesDirs ?? [], packages: host?.list() ?? [] };
  }),
  reload: producerProcedure.mutation(async ({ ctx }) => {
    const host = packageHostOf(ctx.app.catalog);
    // A runtime started on a fixed catalog (tests, embedding) has no package folders to reload.
    return { dirs: host?.nodesDirs ?? [], packages: host ? await host.reload() : [] };
  }),
});
