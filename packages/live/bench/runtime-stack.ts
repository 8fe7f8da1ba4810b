/**
 * The real runtime for the benchmark: Engine with the live module, the built-in and live
 * node catalog, on a local HTTP server. Imported from the runtime's sources (bench only:
 * the runtime depends on this package, not the other way round).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtinNodes } from '@showflow/nodes';
import { NodeCatalog, type AnyNodeDefinition } from '@showflow/nodes/sdk';
import type { PipelineDocumentInput } from '@showflow/shared';
import { listen, type RuntimeServer } from '../../../apps/runtime/src/api/http.ts';
import { createLogger } from '../../../apps/runtime/src/log.ts';
import { createLiveModule } from '../../../apps/runtime/src/modules/live.ts';
import type { RuntimeModuleFactory } from '../../../apps/runtime/src/modules/module.ts';
import { LiveRuntime } from '../../../apps/runtime/src/modules/live/live-runtime.ts';
import { createApp, type ShowflowApp } from '../../../apps/runtime/src/service/app.ts';
import { liveNodes, LIVE_SERVICE } from '../src/index.ts';

export interface RuntimeStack {
  app: ShowflowApp;
  server: RuntimeServer;
  live: LiveRuntime;
  close(): Promise<void>;
}

/** Other benchmarks add the modules they measure (their node types join the catalog). */
export async function startRuntimeStack(extraModules: RuntimeModuleFactory[] = []): Promise<RuntimeStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'showflow-g2g-'));
  const log = createLogger('error');
  const env = { port: 0, host: '127.0.0.1', dataDir, logLevel: 'error' as const, extraNodesDirs: [] };
  const liveModule = await createLiveModule({}).open(env, log);
  const extra = await Promise.all(extraModules.map((m) => m.open(env, log)));
  const extraNodes: AnyNodeDefinition[] = extraModules.flatMap((m) => m.nodes);
  const app = await createApp({ catalog: new NodeCatalog([...builtinNodes, ...liveNodes, ...extraNodes]), dataDir, log, modules: [liveModule, ...extra] });
  const server = await listen(app, 0, '127.0.0.1');
  const live = app.services.get(LIVE_SERVICE);
  if (!(live instanceof LiveRuntime)) throw new Error('the live module did not provide its service');
  return {
    app,
    server,
    live,
    async close() {
      await server.close();
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `show`: capture → denoise → compose (text lower third) → viewer output, the live show's chain.
 * `transport`: capture → viewer output, the sender's JPEG passed through untouched — the same
 * network path with no pixel work in the runtime, to show what the transport alone costs.
 */
export type BenchChain = 'show' | 'transport';

/**
 * Where the chain's picture goes: `viewer`, the JPEG data-channel viewer output; `program`,
 * program out (one H.264 encode at 2.5 Mbit/s, fanned out over standard WHEP).
 */
export type BenchOutput = 'viewer' | 'program';

export function benchPipeline(id: string, streamId: string, width: number, height: number, fps: number, chain: BenchChain = 'show', output: BenchOutput = 'viewer'): PipelineDocumentInput {
  const at = (x: number, y = 0) => ({ x, y });
  const camera = { id: 'camera', type: 'showflow.capture', typeVersion: 1, config: { streamId, width, height, fps }, position: at(0) };
  const viewers =
    output === 'program'
      ? { id: 'viewers', type: 'showflow.program-out', typeVersion: 1, config: { width, height, fps, videoKbps: 2500 }, position: at(600) }
      : { id: 'viewers', type: 'showflow.viewer-output', typeVersion: 1, config: { quality: 75 }, position: at(600) };
  if (chain === 'transport') {
    return {
      schemaVersion: 1,
      id,
      name: `Glass-to-glass transport ${width}×${height}`,
      nodes: [camera, viewers],
      edges: [{ id: 'e1', from: { node: 'camera', port: 'frame' }, to: { node: 'viewers', port: 'frame' } }],
    };
  }
  return {
    schemaVersion: 1,
    id,
    name: `Glass-to-glass ${width}×${height}`,
    nodes: [
      camera,
      { id: 'denoise', type: 'showflow.denoise', typeVersion: 1, config: { temporal: 12, spatial: 0 }, position: at(200) },
      { id: 'title', type: 'showflow.text-overlay', typeVersion: 1, config: { text: 'LIVE · glass to glass', size: 32, background: 'rgba(200,0,60,0.85)' }, position: at(200, 150) },
      { id: 'compose', type: 'showflow.compose', typeVersion: 1, config: { anchor: 'top-left', x: 32, y: 32, opacity: 1 }, position: at(400) },
      viewers,
    ],
    edges: [
      { id: 'e1', from: { node: 'camera', port: 'frame' }, to: { node: 'denoise', port: 'frame' } },
      { id: 'e2', from: { node: 'denoise', port: 'out' }, to: { node: 'compose', port: 'frame' } },
      { id: 'e3', from: { node: 'title', port: 'image' }, to: { node: 'compose', port: 'overlay' } },
      { id: 'e4', from: { node: 'compose', port: 'out' }, to: { node: 'viewers', port: 'frame' } },
    ],
  };
}
