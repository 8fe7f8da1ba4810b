import type { NodeCatalog } from '@showflow/nodes/sdk';
import { Engine } from '../engine/engine.ts';
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
}

/** The runtime as the API and CLI see it: catalog, engine, pipelines. */
export interface ShowflowApp {
  readonly catalog: NodeCatalog;
  readonly engine: Engine;
  readonly deployments: Deployments;
  readonly store: PipelineStore;
  readonly log: Logger;
  readonly startedAt: number;
  health(): { ok: boolean; uptimeMs: number; pipelines: number };
  close(): Promise<void>;
}

/** Opens the store, starts the engine and re-deploys each pipeline's active version. */
export async function createApp(options: AppOptions): Promise<ShowflowApp> {
  const log = options.log ?? createLogger(options.logLevel ?? 'warn');
  const store = options.store ?? (await FileStore.open(options.dataDir));
  const engine = await Engine.create({
    catalog: options.catalog,
    log,
    logLevel: options.logLevel ?? 'warn',
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
    log,
    startedAt,
    health: () => ({ ok: true, uptimeMs: Date.now() - startedAt, pipelines: engine.running().length }),
    close: async () => {
      await engine.close();
      await store.close();
    },
  };
}
