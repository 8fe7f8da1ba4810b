import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash, PipelineDocument } from '@showflow/shared';
import { appRouter } from '../../src/api/router.ts';
import { createCallerFactory } from '../../src/api/trpc.ts';
import { contextAs } from '../fixtures/auth.ts';
import { loadCatalog } from '../../src/cli/catalog.ts';
import { createLogger } from '../../src/log.ts';
import { createApp, type ShowflowApp } from '../../src/service/app.ts';
import { tempDataDir } from '../fixtures/app.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const createCaller = createCallerFactory(appRouter);
const repo = path.resolve(here, '../../../..');
const gallery = path.join(repo, 'examples/templates');
const bin = path.resolve(here, '../../bin/showflow.mjs');

function showflow(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, SHOWFLOW_LOG_LEVEL: 'error', SHOWFLOW_DATA_DIR: tempDataDir(), ...env }, timeout: 60_000 }, (err, stdout) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

/** A template using the custom pack's banner at v1: importing it must store the migrated v2 config. */
const bannerV1Template = {
  showflowTemplate: 2,
  meta: { name: 'Guest banner', author: 'Studio' },
  parameters: { guest: { type: 'text', label: 'Guest', default: 'Ada Lovelace — Host' } },
  requires: [
    { package: 'builtin', types: { 'showflow.synthetic-capture': 1, 'showflow.compose': 1, 'showflow.preview': 1 } },
    { package: '@studio/lower-third', version: '1.0.0', types: { 'studio.lower-third.banner': 1 } },
  ],
  pipeline: {
    schemaVersion: 1,
    id: 'guest',
    name: 'Guest banner',
    nodes: [
      { id: 'cam', type: 'showflow.synthetic-capture', typeVersion: 1, config: { width: 320, height: 180 }, position: { x: 0, y: 0 } },
      { id: 'banner', type: 'studio.lower-third.banner', typeVersion: 1, config: { text: { $param: 'guest' }, color: '#00ff00' }, position: { x: 0, y: 100 } },
      { id: 'mix', type: 'showflow.compose', typeVersion: 1, config: {}, position: { x: 200, y: 0 } },
      { id: 'out', type: 'showflow.preview', typeVersion: 1, config: {}, position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'a', from: { node: 'cam', port: 'frame' }, to: { node: 'mix', port: 'frame' } },
      { id: 'b', from: { node: 'banner', port: 'image' }, to: { node: 'mix', port: 'overlay' } },
      { id: 'c', from: { node: 'mix', port: 'out' }, to: { node: 'out', port: 'frame' } },
    ],
  },
};

describe('templates', () => {
  let app: ShowflowApp;
  let api: ReturnType<typeof createCaller>;
  let nodesDir: string;

  beforeAll(async () => {
    nodesDir = path.join(tempDataDir(), 'nodes');
    mkdirSync(nodesDir, { recursive: true });
    symlinkSync(path.join(repo, 'examples/custom-node-pack'), path.join(nodesDir, 'lower-third'));
    app = await createApp({ catalog: await loadCatalog([], [nodesDir]), dataDir: tempDataDir(), log: createLogger('error') });
    api = createCaller(contextAs(app));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves the gallery with previews; every example template imports here', async () => {
    const entries = await api.templates.gallery();
    expect(entries.map((e) => e.id)).toEqual(['beauty-live-commerce', 'concert-micro-drop', 'podcast-sponsors', 'product-unboxing']);
    for (const e of entries) {
      expect(e.problems).toEqual([]);
      expect(e.preview).toMatch(/^data:image\/jpeg;base64,\/9j\//);
      expect(Object.keys(e.parameters).length).toBeGreaterThan(3);
    }
  });

  it('imports a gallery template with values as a new draft that deploys', async () => {
    const made = await api.templates.import({ galleryId: 'podcast-sponsors', values: { showTitle: 'Night Talk', sponsorColor: '#22aa88' }, name: 'Night Talk' });
    const { document } = await api.pipelines.get({ id: made.id });
    expect(document.name).toBe('Night Talk');
    const byId = Object.fromEntries(document.nodes.map((n) => [n.id, n.config]));
    expect(byId.title.text).toBe('Night Talk');
    expect(byId.sponsor.background).toBe('#22aa88');
    // The logo path is resolved against the gallery folder, so the runtime can open it from anywhere.
    expect(byId.logo.path).toBe(path.join(gallery, 'assets/podcast-logo.png'));
    expect((await api.pipelines.deploy({ id: made.id })).version).toBe(1);
  });

  it('refuses a bad import with every problem and stores nothing', async () => {
    const before = (await api.pipelines.list()).length;
    const attempt = api.templates.import({ galleryId: 'podcast-sponsors', values: { showTitle: 7, nope: 1, warmth: 5 } });
    await expect(attempt).rejects.toMatchObject({ cause: { problems: [{ code: 'SF123' }, { code: 'SF124' }, { code: 'SF124' }] } });
    await expect(api.templates.import({ template: { ...bannerV1Template, requires: [...bannerV1Template.requires, { package: '@studio/missing', version: '2.0.0', types: { 'studio.missing.x': 1 } }] } })).rejects.toMatchObject({
      cause: { code: 'SF122' },
    });
    expect((await api.pipelines.list()).length).toBe(before);
  });

  it('upgrades configs written for an older node type version on import', async () => {
    const made = await api.templates.import({ template: bannerV1Template, values: { guest: 'Grace Hopper — Admiral' } });
    const banner = (await api.pipelines.get({ id: made.id })).document.nodes.find((n) => n.id === 'banner')!;
    expect(banner.typeVersion).toBe(2);
    expect(banner.config).toEqual({ name: 'Grace Hopper', role: 'Admiral', accent: '#00ff00' });
  });

  it('exports a pipeline as a template that imports back to the same document hash', async () => {
    const made = await api.templates.import({ template: bannerV1Template });
    const original = (await api.pipelines.get({ id: made.id })).document;
    const { template } = await api.templates.export({
      pipelineId: made.id,
      params: [{ name: 'accent', definition: { type: 'color', label: 'Accent' }, bind: [{ node: 'banner', path: ['accent'] }] }],
      meta: { name: 'Exported', author: 'Test' },
    });
    expect(template.requires.find((r) => r.package === '@studio/lower-third')).toEqual({ package: '@studio/lower-third', version: '1.2.0', types: { 'studio.lower-third.banner': 2 } });
    expect((await api.templates.validate({ template })).ok).toBe(true);
    const again = await api.templates.import({ template, name: original.name });
    const copy = (await api.pipelines.get({ id: again.id })).document;
    expect(documentHash(PipelineDocument.parse({ ...copy, id: original.id }))).toBe(documentHash(original));
  });
});

describe('showflow template (CLI)', () => {
  it('validates the gallery templates', async () => {
    const { code, stdout } = await showflow(['template', 'validate', path.join(gallery, 'podcast-sponsors.showflow.json')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok: Podcast with sponsor overlays by Showflow examples \(7 parameters, 11 nodes\)/);
  });

  it('reports every problem of a broken template with its path and a fix, exit code 1', async () => {
    const broken = JSON.parse(readFileSync(path.join(gallery, 'podcast-sponsors.showflow.json'), 'utf8'));
    delete broken.hash;
    broken.parameters.warmth.default = 'warm';
    broken.pipeline.nodes[2].config.text = { $eval: 'process.exit()' };
    const file = path.join(tempDataDir(), 'broken.showflow.json');
    writeFileSync(file, JSON.stringify(broken));
    const { code, stdout } = await showflow(['template', 'validate', file]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/SF126 pipeline\.nodes\[2\]\.config\.text\.\$eval: .*\n\s+fix: templates are data only/);
  });

  it('imports with values and exports a document back into a template', async () => {
    const dir = tempDataDir();
    const doc = path.join(dir, 'doc.json');
    const imported = await showflow(['template', 'import', path.join(gallery, 'concert-micro-drop.showflow.json'), '--values', '{"bandName":"Low Tide"}', '--out', doc]);
    expect(imported.code).toBe(0);
    const document = JSON.parse(readFileSync(doc, 'utf8'));
    expect(document.nodes.find((n: { id: string }) => n.id === 'band').config.text).toBe('Low Tide');
    const params = JSON.stringify([{ name: 'bandName', definition: { type: 'text', label: 'Band' }, bind: [{ node: 'band', path: ['text'] }] }]);
    const exported = await showflow(['template', 'export', doc, '--name', 'Low Tide live', '--author', 'Me', '--params', params]);
    expect(exported.code).toBe(0);
    const template = JSON.parse(exported.stdout);
    expect(template.parameters.bandName.default).toBe('Low Tide');
    expect(template.hash).toMatch(/^sha256:/);
  });
});
