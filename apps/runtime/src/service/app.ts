import type { NodeCatalog, NodeServices } from '@showflow/nodes/sdk';
import { withPipelineFences } from '../cluster/pipeline-fences.ts';
import type { PipelinePlacement } from '../cluster/pipeline-placement.ts';
import { servicesOf, type RuntimeModule } from '../modules/index.ts';
import { Engine } from '../engine/engine.ts';
import { StartCrashJournal } from '../isolation/index.ts';
import type { LogLevel } from '../env.ts';
import { createLogger, type Logger } from '../log.ts';
import { FileStore } from '../store/file-store.ts';
import type { PipelineStore } from '../store/store.ts';
import { Deployments } from './deployments.ts';

export interface AppOptions {
  catalog: NodeCatalog;
  dataDir: string;
  logLevel?: LogLevel;
  store?: PipelineStore;
  log?: Logger;
  inboxCapacity?: number;
  /** Layers plugged into the runtime; closed with it. */
  modules?: RuntimeModule[];
  /** Several instances on one store: each pipeline runs on the one holding its lease. Closed (drained) with the app. */
  placement?: PipelinePlacement;
}

/** The runtime as the API and CLI see it: catalog, engine, pipelines. */
export interface ShowflowApp {
  readonly catalog: NodeCatalog;
  readonly engine: Engine;
  readonly deployments: Deployments;
  readonly store: PipelineStore;
  /** Where the runtime keeps its files (imported template assets go under `assets/`). */
  readonly dataDir: string;
  readonly log: Logger;
  readonly startedAt: number;
  readonly modules: readonly RuntimeModule[];
  /** The modules' services, as nodes and API procedures look them up. */
  readonly services: NodeServices;
  /** Set when instances share the pipelines: where each runs, for routing calls to its owner. */
  readonly placement?: PipelinePlacement;
  health(): { ok: boolean; uptimeMs: number; pipelines: number; safeMode: ReturnType<Engine['safeMode']> };
  close(): Promise<void>;
}

/** Opens the store, starts the engine and re-deploys each pipeline's active version. */
export async function createApp(options: AppOptions): Promise<ShowflowApp> {
  const log = options.log ?? createLogger(options.logLevel ?? 'warn');
  const store = options.store ?? (await FileStore.open(options.dataDir));
  const modules = options.modules ?? [];
  const services = withPipelineFences(servicesOf(modules), options.placement);
  const engine = await Engine.create({
    catalog: options.catalog,
    log,
    services,
    logLevel: options.logLevel ?? 'warn',
    // Node packages that crash right after starting are remembered across restarts (safe mode).
    isolation: { journal: new StartCrashJournal(options.dataDir) },
    ...(options.inboxCapacity ? { inboxCapacity: options.inboxCapacity } : {}),
  });
  const placement = options.placement;
  const deployments = new Deployments(store, options.catalog, engine, log, placement);
  if (placement) {
    // Only the pipelines nobody else runs start here; the rest are watched for takeover.
    await placement.start({
      deployed: () => deployments.deployed(),
      run: (pipelineId) => deployments.runActive(pipelineId),
      stop: (pipelineId) => engine.stop(pipelineId),
      runningVersion: (pipelineId) => {
        const state = engine.state(pipelineId);
        return state.state === 'stopped' ? undefined : state.version;
      },
    });
  } else {
    await deployments.restore();
  }
  const startedAt = Date.now();
  return {
    catalog: options.catalog,
    engine,
    deployments,
    store,
    dataDir: options.dataDir,
    log,
    startedAt,
    modules,
    services,
    ...(placement ? { placement } : {}),
    health: () => ({ ok: true, uptimeMs: Date.now() - startedAt, pipelines: engine.running().length, safeMode: engine.safeMode() }),
    close: async () => {
      // Draining first: each pipeline stops here and its lease is released for another instance.
      await placement?.close().catch((err: Error) => log.warn(`draining pipelines: ${err.message}`));
      await engine.close();
      for (const m of modules) await m.close().catch((err: Error) => log.warn(`closing ${m.name}: ${err.message}`));
      await store.close();
    },
  };
}
