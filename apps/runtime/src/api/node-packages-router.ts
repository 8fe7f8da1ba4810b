import { packageHostOf } from '../packages/index.ts';
import { procedure, router } from './trpc.ts';

/** Node packages found in the nodes folders: their status and types, and a reload that updates the palette. */
export const nodePackagesRouter = router({
  list: procedure.query(({ ctx }) => {
    const host = packageHostOf(ctx.app.catalog);
    return { dirs: host?.nodesDirs ?? [], packages: host?.list() ?? [] };
  }),
  reload: procedure.mutation(async ({ ctx }) => {
    const host = packageHostOf(ctx.app.catalog);
    // A runtime started on a fixed catalog (tests, embedding) has no package folders to reload.
    return { dirs: host?.nodesDirs ?? [], packages: host ? await host.reload() : [] };
  }),
});
