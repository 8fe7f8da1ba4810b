import { formatProblem, validateDocument } from '@showflow/shared';
import type { NodeCatalog } from '@showflow/nodes/sdk';
import { Engine, isMediaSource } from '../engine/engine.ts';
import type { Logger } from '../log.ts';
import type { RuntimeEnv } from '../env.ts';
import { openModules, servicesOf } from '../modules/index.ts';
import { readDocumentFile } from './document-file.ts';
import { formatMetricsTable } from './table.ts';

export interface RunOptions {
  frames: number;
  json: boolean;
  /** Gives up waiting for sources and drain after this long. */
  timeoutMs: number;
}

/**
 * Runs a document headless until every source has run `frames` times and nothing is
 * left in flight, then prints the per-node readout (or JSON). Exit code 1 only when the
 * document cannot run at all.
 */
export async function runCommand(file: string, catalog: NodeCatalog, env: RuntimeEnv, log: Logger, options: RunOptions, out: (text: string) => void): Promise<number> {
  const read = await readDocumentFile(file);
  const result = read.ok ? validateDocument(read.value, catalog) : read;
  if (!result.ok) {
    for (const p of result.problems) out(formatProblem(p));
    return 1;
  }
  const doc = result.document;
  const modules = await openModules(env, log);
  const engine = await Engine.create({ catalog, log, sourceLimit: options.frames, services: servicesOf(modules) });
  const baseline = engine.pool.stats().liveHandles;
  const started = performance.now();
  await engine.deploy(doc, 1);
  const sources = doc.nodes.filter((n) => {
    const def = catalog.definition(n.type);
    return def !== undefined && isMediaSource(def);
  }).map((n) => n.id);
  const finished = await waitUntil(() => {
    const runs = engine.sourceRuns(doc.id);
    return sources.every((id) => (runs.get(id) ?? 0) >= options.frames);
  }, options.timeoutMs);
  const drained = finished && (await waitForDrain(engine, doc.id, options.timeoutMs));
  const elapsedMs = performance.now() - started;
  const live = engine.metrics(doc.id)!;
  // The live fps covers the last seconds; a finished run reports its average over the run.
  const metrics = { ...live, nodes: live.nodes.map((n) => ({ ...n, fps: (n.processed * 1000) / elapsedMs })) };
  await engine.close();
  for (const m of modules) await m.close();
  const pool = engine.pool.stats();
  if (options.json) {
    out(
      JSON.stringify(
        { pipelineId: doc.id, frames: options.frames, completed: drained, elapsedMs, metrics, uncaughtErrors: engine.uncaughtErrors, pool: { ...pool, leakedHandles: pool.liveHandles - baseline } },
        null,
        2,
      ),
    );
  } else {
    out(`${doc.name}: ${sources.length} source${sources.length === 1 ? '' : 's'} × ${options.frames} frames in ${(elapsedMs / 1000).toFixed(1)} s${drained ? '' : ' (timed out before the pipeline drained)'}`);
    out('');
    out(formatMetricsTable(metrics));
  }
  return drained ? 0 : 1;
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/** Idle on several checks in a row: a message between two nodes is not mistaken for the end. */
async function waitForDrain(engine: Engine, pipelineId: string, timeoutMs: number): Promise<boolean> {
  let quiet = 0;
  return waitUntil(() => {
    quiet = engine.idle(pipelineId) ? quiet + 1 : 0;
    return quiet >= 3;
  }, timeoutMs);
}
