import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeCatalog } from '@showflow/nodes/sdk';
import { formatProblem } from '@showflow/shared';
import { listen, type RuntimeServer } from '../api/http.ts';
import { createApp, type ShowflowApp } from '../service/app.ts';
import type { RuntimeEnv } from '../env.ts';
import type { Logger } from '../log.ts';
import { openModules } from '../modules/index.ts';
import { openPipelineStore } from '../store/open-store.ts';
import { readDocumentFile } from './document-file.ts';
import { openPlacement } from '../cluster/open-placement.ts';
import { setUpAccess, type FirstRunOwner } from './serve-access.ts';

export const defaultSeed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/pipelines/studio-demo.json');

/** Starts the runtime; an empty store is seeded with one deployed pipeline so there is something to watch. */
export async function serveCommand(env: RuntimeEnv, catalog: NodeCatalog, log: Logger, seed: string | undefined): Promise<{ app: ShowflowApp; server: RuntimeServer; firstRunOwner?: FirstRunOwner }> {
  const modules = await openModules(env, log);
  // PostgreSQL when DATABASE_URL is set, the file store under the data folder otherwise.
  const store = await openPipelineStore({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
  // REDIS_URL with DATABASE_URL: each pipeline runs on one instance, taken over when it dies.
  const placement = await openPlacement(env, log);
  const app = await createApp({ catalog, dataDir: env.dataDir, logLevel: env.logLevel, log, modules, store, ...(placement ? { placement } : {}) });
  const seedFile = seed ?? (existsSync(defaultSeed) ? defaultSeed : undefined);
  // Instances starting together on an empty database seed it once between them.
  if (seedFile && (await app.store.listPipelines()).length === 0 && (!placement || (await placement.firstTo('seed')))) await seedPipeline(app, seedFile, log);
  const firstRunOwner = await setUpAccess(app, env).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  const server = await listen(app, env.port, env.host).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  log.info(`data in ${env.dataDir}`);
  return { app, server, firstRunOwner };
}

async function seedPipeline(app: ShowflowApp, file: string, log: Logger): Promise<void> {
  const read = await readDocumentFile(file);
  if (!read.ok) {
    for (const p of read.problems) log.warn(`seed: ${formatProblem(p)}`);
    return;
  }
  try {
    const saved = await app.deployments.save(read.value);
    const { version } = await app.deployments.deploy(saved.id, { note: `seeded from ${path.basename(file)}` });
    log.warn(`seeded pipeline ${saved.id} v${version} from ${file}`);
  } catch (err) {
    const problems = (err as { problems?: Parameters<typeof formatProblem>[0][] }).problems ?? [];
    log.warn(`seed ${file} not deployed: ${(err as Error).message}${problems.map((p) => `\n  ${formatProblem(p)}`).join('')}`);
  }
}
