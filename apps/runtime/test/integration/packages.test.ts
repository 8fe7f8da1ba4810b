import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocumentInput } from '@showflow/shared';
import { appRouter } from '../../src/api/router.ts';
import { createCallerFactory } from '../../src/api/trpc.ts';
import { contextAs } from '../fixtures/auth.ts';
import { loadCatalog } from '../../src/cli/catalog.ts';
import { createLogger } from '../../src/log.ts';
import { createApp, type ShowflowApp } from '../../src/service/app.ts';
import { nodeMetrics, tempDataDir, waitFor } from '../fixtures/app.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const createCaller = createCallerFactory(appRouter);
const repo = path.resolve(here, '../../../..');
const customPack = path.join(repo, 'examples/custom-node-pack');
// Generated packages live in a temp folder, so they import the SDK and zod by absolute URL.
const zodUrl = import.meta.resolve('zod');
const sdkUrl = import.meta.resolve('@showflow/nodes/sdk');

function writePackage(nodesDir: string, folder: string, manifest: unknown, modules: Record<string, string>): void {
  const dir = path.join(nodesDir, folder);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  for (const [file, text] of Object.entries(modules)) writeFileSync(path.join(dir, file), text);
}

const nodeModule = (type: string) => `
import { z } from ${JSON.stringify(zodUrl)};
import { defineNode } from ${JSON.stringify(sdkUrl)};
export default defineNode({
  type: ${JSON.stringify(type)}, typeVersion: 1, title: 'Gain', category: 'process', description: 'x2',
  inputs: { value: { type: 'number' } }, outputs: { result: { type: 'number' } },
  config: z.object({ factor: z.number().default(2) }), budgetMs: 1,
  run: ({ inputs, config }) => ({ result: (inputs.value ?? 0) * config.factor }),
});`;

/** The custom pack (linked, as `npm link` would) plus one package for each way loading can fail. */
function nodesFolder(): string {
  const nodesDir = path.join(mkdtempSync(path.join(tmpdir(), 'sf-nodes-')), 'nodes');
  mkdirSync(nodesDir, { recursive: true });
  symlinkSync(customPack, path.join(nodesDir, 'lower-third'));
  writePackage(nodesDir, 'bad-manifest', { name: 'bad-manifest', version: '1.0.0', showflow: { nodes: ['./src/x.ts'] } }, {});
  writePackage(nodesDir, 'broken-json', '{ "name": ', {});
  writePackage(nodesDir, 'throws', { name: 'throws-on-load', version: '1.0.0', showflow: { namespace: 'acme.throws', nodes: ['./src/boom.mjs'] } }, { 'src/boom.mjs': "throw new Error('boom at import');" });
  writePackage(nodesDir, 'wrong-namespace', { name: 'wrong-ns', version: '1.0.0', showflow: { namespace: 'acme.fx', nodes: ['./src/gain.mjs'] } }, { 'src/gain.mjs': nodeModule('showflow.gain') });
  writePackage(nodesDir, 'same-namespace', { name: '@copycat/lower-third', version: '1.0.0', showflow: { namespace: 'studio.lower-third', nodes: ['./src/gain.mjs'] } }, { 'src/gain.mjs': nodeModule('studio.lower-third.gain') });
  writePackage(nodesDir, 'good-math', { name: 'acme-math', version: '0.3.1', showflow: { namespace: 'acme.math', nodes: ['./src/gain.mjs'] } }, { 'src/gain.mjs': nodeModule('acme.math.gain') });
  return nodesDir;
}

/** The v1 banner config ("Name — Role", color) must run migrated to v2 (name, role, accent). */
function showDocument(): PipelineDocumentInput {
  const at = (x: number) => ({ x, y: 0 });
  return {
    schemaVersion: 1,
    id: 'keyed-show',
    name: 'Keyed show',
    nodes: [
      { id: 'cam', type: 'showflow.synthetic-capture', typeVersion: 1, config: { width: 320, height: 180, fps: 15, noise: 0 }, position: at(0) },
      { id: 'banner', type: 'studio.lower-third.banner', typeVersion: 1, config: { text: 'Ada Lovelace — Host', color: '#00ff00', size: 20 }, position: at(200) },
      { id: 'titles', type: 'showflow.compose', typeVersion: 2, config: { anchor: 'top-left', x: 16 / 320, y: 16 / 180, designHeight: 180 }, position: at(400) },
      { id: 'program', type: 'showflow.preview', typeVersion: 1, config: {}, position: at(600) },
      { id: 'key', type: 'studio.lower-third.chroma-key', typeVersion: 1, config: { key: '#808080', tolerance: 60 }, position: at(200) },
      { id: 'keyed', type: 'showflow.compose', typeVersion: 1, config: {}, position: at(400) },
      { id: 'sink', type: 'showflow.null-sink', typeVersion: 1, config: {}, position: at(600) },
    ],
    edges: [
      { id: 'e1', from: { node: 'cam', port: 'frame' }, to: { node: 'titles', port: 'frame' } },
      { id: 'e2', from: { node: 'banner', port: 'image' }, to: { node: 'titles', port: 'overlay' } },
      { id: 'e3', from: { node: 'titles', port: 'out' }, to: { node: 'program', port: 'frame' } },
      { id: 'e4', from: { node: 'cam', port: 'frame' }, to: { node: 'key', port: 'frame' } },
      { id: 'e5', from: { node: 'key', port: 'image' }, to: { node: 'keyed', port: 'overlay' } },
      { id: 'e6', from: { node: 'cam', port: 'frame' }, to: { node: 'keyed', port: 'frame' } },
      { id: 'e7', from: { node: 'keyed', port: 'out' }, to: { node: 'sink', port: 'frame' } },
    ],
  };
}

describe('node packages', () => {
  let app: ShowflowApp;
  let nodesDir: string;
  let api: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    nodesDir = nodesFolder();
    const catalog = await loadCatalog([], [nodesDir]);
    app = await createApp({ catalog, dataDir: tempDataDir(), log: createLogger('error') });
    api = createCaller(contextAs(app));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('loads the custom pack and reports each failing package with a code and reason', async () => {
    const { packages, dirs } = await api.nodePackages.list();
    expect(dirs).toEqual([nodesDir]);
    const byDir = Object.fromEntries(packages.map((p) => [path.basename(p.dir), p]));
    expect(byDir['lower-third']).toMatchObject({ name: '@studio/lower-third', version: '1.2.0', status: 'loaded', errors: [] });
    expect(byDir['lower-third'].types).toEqual([
      { type: 'studio.lower-third.banner', typeVersion: 2 },
      { type: 'studio.lower-third.chroma-key', typeVersion: 1 },
    ]);
    expect(byDir['good-math']).toMatchObject({ status: 'loaded', types: [{ type: 'acme.math.gain', typeVersion: 1 }] });
    const failure = (dir: string) => [byDir[dir].status, byDir[dir].errors.map((e) => e.code).join(','), byDir[dir].errors[0]?.message];
    expect(failure('bad-manifest')).toEqual(['failed', 'SF130', expect.stringMatching(/showflow\.namespace/)]);
    expect(failure('broken-json')).toEqual(['failed', 'SF130', expect.stringMatching(/cannot be read/)]);
    expect(failure('throws')).toEqual(['failed', 'SF131', expect.stringMatching(/boom at import/)]);
    expect(failure('wrong-namespace')).toEqual(['failed', 'SF132', expect.stringMatching(/showflow\.gain is outside the package namespace/)]);
    expect(failure('same-namespace')).toEqual(['failed', 'SF133', expect.stringMatching(/studio\.lower-third .* already loaded/)]);
  });

  it('puts package nodes in the palette with their config forms', async () => {
    const specs = await api.catalog.list();
    const bannerSpec = specs.find((s) => s.type === 'studio.lower-third.banner');
    expect(bannerSpec).toMatchObject({ package: '@studio/lower-third', typeVersion: 2, outputs: [{ id: 'image', type: 'image' }] });
    expect(bannerSpec?.configSchema).toMatchObject({ properties: { accent: { type: 'string', default: '#d6336c' } } });
    expect(specs.map((s) => s.type)).not.toContain('showflow.gain');
  });

  it('runs the pack in a pipeline on real frames, with a v1 config migrated', async () => {
    await api.pipelines.save({ document: showDocument() });
    const deployed = await api.pipelines.deploy({ id: 'keyed-show' });
    expect(deployed.version).toBe(1);
    await waitFor(() => (nodeMetrics(app, 'keyed-show', 'sink')?.processed ?? 0) >= 3 && (nodeMetrics(app, 'keyed-show', 'program')?.processed ?? 0) >= 3, 'frames through both branches');
    expect(nodeMetrics(app, 'keyed-show', 'key')?.errors).toBe(0);
    // The pack's nodes run in worker threads (frames shared, not copied); the built-ins beside them in the runtime's thread.
    const isolated = app.engine.isolatedNodes().filter((n) => n.pipelineId === 'keyed-show');
    expect(isolated.map((n) => [n.nodeId, n.package, n.state]).sort()).toEqual([
      ['banner', '@studio/lower-third', 'running'],
      ['key', '@studio/lower-third', 'running'],
    ]);
    const jpeg = await waitFor(async () => app.engine.preview('keyed-show', 'titles'), 'a composed frame').then((p) => p);
    const { data, info } = await sharp((await jpeg)!.data).raw().toBuffer({ resolveWithObject: true });
    // The accent bar (v1 `color` → v2 `accent`) sits at the banner's left edge, 16 px in.
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const [r, g, b] = at(20, 26);
    expect(g).toBeGreaterThan(200);
    expect(r + b).toBeLessThan(120);
  });

  it('reloads on request: new packages reach catalog.list and running pipelines keep running', async () => {
    writePackage(nodesDir, 'late-arrival', { name: 'late-arrival', version: '1.0.0', showflow: { namespace: 'acme.late', nodes: ['./src/gain.mjs'] } }, { 'src/gain.mjs': nodeModule('acme.late.gain') });
    const before = nodeMetrics(app, 'keyed-show', 'sink')!.processed;
    const { packages } = await api.nodePackages.reload();
    expect(packages.find((p) => p.name === 'late-arrival')).toMatchObject({ status: 'loaded' });
    expect((await api.catalog.list()).map((s) => s.type)).toContain('acme.late.gain');
    expect(app.engine.running()).toEqual([{ pipelineId: 'keyed-show', version: 1 }]);
    await waitFor(() => nodeMetrics(app, 'keyed-show', 'sink')!.processed > before + 3, 'frames after the reload');
    expect(nodeMetrics(app, 'keyed-show', 'banner')?.errors).toBe(0);
  });

  it('lists packages and failures from the CLI (exit code 1 when one failed)', async () => {
    const bin = path.resolve(here, '../../bin/showflow.mjs');
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [bin, 'packages'], { env: { ...process.env, SHOWFLOW_NODES_DIR: nodesDir, SHOWFLOW_DATA_DIR: tempDataDir() }, timeout: 60_000 }, (err, out) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: out }),
      );
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ok\s+@studio\/lower-third@1\.2\.0/m);
    expect(stdout).toMatch(/studio\.lower-third\.banner v2/);
    expect(stdout).toMatch(/^FAILED throws-on-load@1\.0\.0 .*\n\s+SF131 .*boom at import/m);
  });
});
