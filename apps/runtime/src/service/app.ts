import type { NodeCatalog, NodeServices } from '@showflow/nodes/sdk';
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
  health(): { ok: boolean; uptimeMs: number; pipelines: number; safeMode: ReturnType<Engine['safeMode']> };
  close(): Promise<void>;
}

/** Opens the store, starts the engine and re-deploys each pipeline's active version. */
export async function createApp(options: AppOptions): Promise<ShowflowApp> {
  const log = options.log ?? createLogger(options.logLevel ?? 'warn');
  const store = options.store ?? (await FileStore.open(options.dataDir));
  const modules = options.modules ?? [];
  const services = servicesOf(modules);
  const engine = await Engine.create({
    catalog: options.catalog,
    log,
    services,
    logLevel: options.logLevel ?? 'warn',
    // Node packages that crash right after starting are remembered across restarts (safe mode).
    isolation: { journal: new StartCrashJournal(options.dataDir) },
    ...(options.inboxCapacity ? { inboxCapacity: options.inboxCapacity } : {}),
  });
  const deployments = new Deployments(store, options.catalog, engine, log);
  await deployments.restore();
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
    health: () => ({ ok: true, uptimeMs: Date.now() - startedAt, pipelines: engine.running().length, safeMode: engine.safeMode() }),
    close: async () => {
      await engine.close();
      for (const m of modules) await m.close().catch((err: Error) => log.warn(`closing ${m.name}: ${err.message}`));
      await store.close();
    },
  };
}
