import { z } from 'zod';
import { ElementId, type PipelineStopped } from '@showflow/shared';
import { producerProcedure, publicProcedure, router, viewerProcedure } from './trpc.ts';
import { authRouter, tokensRouter, usersRouter } from './auth-router.ts';
import { templatesRouter } from './templates-router.ts';
import { nodePackagesRouter } from './node-packages-router.ts';
import { generativeRouter } from './generative-router.ts';
import { commerceRouter } from './commerce-router.ts';
import { liveRouter } from './live-router.ts';
import { showRouter } from './show-router.ts';
import { scenesRouter } from './scenes-router.ts';
import { portsRouter } from './ports-router.ts';
import { deleteUnlessOnAir } from '../service/show-control.ts';
import { deployWithProgress, prepareServicesFor } from '../service/deploy-progress.ts';
import { requireOwner } from '../cluster/owner-routing.ts';

/** How often `metrics.live` pushes a readout. */
export const LIVE_METRICS_INTERVAL_MS = 500;

const PipelineId = z.object({ id: ElementId });
const VersionRef = z.object({ pipelineId: ElementId, version: z.number().int().min(1) });

const catalogRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.app.catalog.specs()),
  checkConfig: viewerProcedure
    .input(z.object({ type: z.string(), typeVersion: z.number().int().min(1), config: z.unknown() }))
    .query(({ ctx, input }) => {
      const result = ctx.app.catalog.parseConfig(input.type, input.config, input.typeVersion);
      return { ok: result.ok, issues: result.ok ? [] : result.issues };
    }),
});

const pipelinesRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.app.deployments.list()),
  get: viewerProcedure.input(PipelineId).query(({ ctx, input }) => ctx.app.deployments.get(input.id)),
  create: producerProcedure
    .input(z.object({ name: z.string().min(1).max(200), id: ElementId.optional() }))
    .mutation(({ ctx, input }) => ctx.app.deployments.create(input)),
  save: producerProcedure.input(z.object({ document: z.unknown() })).mutation(async ({ ctx, input }) => {
    const saved = await ctx.app.deployments.save(input.document);
    // The deploy that usually follows then finds the orders database open.
    prepareServicesFor(ctx.app, input.document);
    return saved;
  }),
  validate: producerProcedure.input(z.object({ document: z.unknown() })).mutation(({ ctx, input }) => ctx.app.deployments.validate(input.document)),
  /** Refused while the pipeline is on air (SF655). */
  delete: producerProcedure.input(PipelineId).mutation(({ ctx, input }) => deleteUnlessOnAir(ctx.app, input.id)),
  deploy: producerProcedure
    .input(z.object({ id: ElementId, document: z.unknown().optional(), note: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => deployWithProgress(ctx.app, input.id, { document: input.document, note: input.note })),
  /** Running, paused by safe mode (with the reason, SF216) or not deployed. */
  state: viewerProcedure.input(PipelineId).query(({ ctx, input }) => ctx.app.engine.state(input.id)),
  /** Starts a pipeline safe mode held paused; its packages' crashes at start are forgiven. */
  resume: producerProcedure.input(PipelineId).mutation(({ ctx, input }) => ctx.app.engine.resume(input.id)),
});

const versionsRouter = router({
  list: viewerProcedure.input(z.object({ pipelineId: ElementId })).query(({ ctx, input }) => ctx.app.deployments.versions(input.pipelineId)),
  get: viewerProcedure.input(VersionRef).query(({ ctx, input }) => ctx.app.deployments.version(input.pipelineId, input.version)),
  rollback: producerProcedure.input(VersionRef).mutation(({ ctx, input }) => ctx.app.deployments.rollback(input.pipelineId, input.version)),
});

const metricsRouter = router({
  snapshot: viewerProcedure.input(z.object({ pipelineId: ElementId })).query(async ({ ctx, input }) => {
    // Only the instance running a pipeline has its metrics; the others say where it runs (SF334).
    await requireOwner(ctx.app, input.pipelineId);
    return ctx.app.engine.metrics(input.pipelineId);
  }),
  live: viewerProcedure.input(z.object({ pipelineId: ElementId })).subscription(async function* ({ ctx, input, signal }) {
    await requireOwner(ctx.app, input.pipelineId);
    let running: boolean | undefined;
    while (!signal?.aborted) {
      const snapshot = ctx.app.engine.metrics(input.pipelineId);
      if (snapshot) yield snapshot;
      else if (running !== false) {
        // Not here may mean moved: a pipeline taken over by another instance ends the stream
        // with where it runs now (SF334/SF335) instead of being called stopped.
        await requireOwner(ctx.app, input.pipelineId);
        // Said once, not every tick: silence alone cannot tell a stopped pipeline from a slow network.
        yield { pipelineId: input.pipelineId, at: Date.now(), stopped: true } satisfies PipelineStopped;
      }
      running = snapshot !== null;
      await sleep(LIVE_METRICS_INTERVAL_MS, signal);
    }
  }),
});

const previewRouter = router({
  latest: viewerProcedure
    .input(z.object({ pipelineId: ElementId, nodeId: ElementId }))
    .query(async ({ ctx, input }) => {
      await requireOwner(ctx.app, input.pipelineId);
      const image = await ctx.app.engine.preview(input.pipelineId, input.nodeId);
      if (!image) return null;
      const { data, ...rest } = image;
      return { ...rest, dataBase64: data.toString('base64') };
    }),
});

const runtimeRouter = router({
  health: publicProcedure.query(({ ctx }) => ctx.app.health()),
});

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  tokens: tokensRouter,
  catalog: catalogRouter,
  pipelines: pipelinesRouter,
  versions: versionsRouter,
  metrics: metricsRouter,
  preview: previewRouter,
  ports: portsRouter,
  runtime: runtimeRouter,
  templates: templatesRouter,
  nodePackages: nodePackagesRouter,
  generative: generativeRouter,
  commerce: commerceRouter,
  live: liveRouter,
  show: showRouter,
  scenes: scenesRouter,
});

export type AppRouter = typeof appRouter;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
