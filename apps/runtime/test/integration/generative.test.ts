import { rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { PipelineDocumentInput } from '@showflow/shared';
import { createBuiltinCatalog } from '@showflow/nodes';
import { startFakeServer, type FakeServer } from '../../../../packages/generative/test/fake-server.ts';
import type { AppRouter } from '../../src/api/router.ts';
import { bearer, clientWith, tokenFor } from '../fixtures/auth.ts';
import { listen, type RuntimeServer } from '../../src/api/http.ts';
import { createLogger } from '../../src/log.ts';
import { createGenerativeModule } from '../../src/modules/generative.ts';
import { createApp, type ShowflowApp } from '../../src/service/app.ts';
import { nodeMetrics, tempDataDir, waitFor } from '../fixtures/app.ts';

const API_KEY = 'sk-live-DO-NOT-LEAK-4f9a1c';
/** Each prompt renders as one solid colour, so a pixel under the overlay says which variation is on air. */
const COLOURS: Record<string, [number, number, number]> = { red: [230, 20, 20], blue: [20, 20, 230], green: [20, 200, 20] };

/** An OpenAI-compatible images API: solid PNGs by prompt; a "fail" prompt answers 500 echoing the caller's credentials. */
async function imagesApi(): Promise<FakeServer> {
  return startFakeServer(async (req, res: ServerResponse) => {
    const body = JSON.parse(req.body) as { prompt: string; size: string };
    if (body.prompt.startsWith('fail')) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`upstream broke for ${req.headers.authorization}`);
      return;
    }
    const [width, height] = body.size.split('x').map(Number);
    const [r, g, b] = COLOURS[body.prompt.split('.')[0]] ?? [128, 128, 128];
    const png = await sharp({ create: { width, height, channels: 4, background: { r, g, b, alpha: 1 } } }).png().toBuffer();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ b64_json: png.toString('base64') }] }));
  });
}

function showDocument(prompts: string[], active = 0): PipelineDocumentInput {
  let y = 0;
  const at = () => ({ x: 0, y: (y += 80) });
  return {
    schemaVersion: 1,
    id: 'gen-show',
    name: 'Generative show',
    nodes: [
      { id: 'camera', type: 'showflow.synthetic-capture', typeVersion: 1, config: { width: 320, height: 180, fps: 30, noise: 0 }, position: at() },
      {
        id: 'promo',
        type: 'showflow.generative-overlay',
        typeVersion: 1,
        config: { prompt: 'red', style: '', width: 96, height: 64, variations: prompts.map((prompt) => ({ prompt })), active, label: { creator: 'ana', show: 'friday', purpose: 'promo' } },
        position: at(),
      },
      // Not wired: its only job is to fail at the provider, whose error body echoes the key.
      { id: 'broken', type: 'showflow.generative-overlay', typeVersion: 1, config: { prompt: 'fail', width: 64, height: 64, label: { creator: 'bob', show: 'friday', purpose: 'promo' } }, position: at() },
      { id: 'compose', type: 'showflow.compose', typeVersion: 2, config: { anchor: 'top-left', x: 0, y: 0, designHeight: 180 }, position: at() },
      { id: 'program', type: 'showflow.preview', typeVersion: 1, config: {}, position: at() },
    ],
    edges: [
      { id: 'camera-compose', from: { node: 'camera', port: 'frame' }, to: { node: 'compose', port: 'frame' } },
      { id: 'promo-compose', from: { node: 'promo', port: 'image' }, to: { node: 'compose', port: 'overlay' } },
      { id: 'compose-program', from: { node: 'compose', port: 'out' }, to: { node: 'program', port: 'frame' } },
    ],
  };
}

describe('generative overlay in a running pipeline', () => {
  let api: FakeServer;
  let dataDir: string;
  let app: ShowflowApp;
  let server: RuntimeServer;
  let client: ReturnType<typeof createTRPCClient<AppRouter>>;
  const ref = { pipelineId: 'gen-show', nodeId: 'promo' };

  /** The colour of the composed program picture under the overlay, read from the compose node's preview. */
  async function onAir(): Promise<string | undefined> {
    const preview = await app.engine.preview('gen-show', 'compose');
    if (!preview) return undefined;
    const { data } = await sharp(preview.data).extract({ left: 40, top: 30, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    return Object.entries(COLOURS).find(([, c]) => c.every((v, i) => Math.abs(v - data[i]) < 40))?.[0];
  }
  const programFrames = () => nodeMetrics(app, 'gen-show', 'program')?.processed ?? 0;

  beforeAll(async () => {
    api = await imagesApi();
    dataDir = tempDataDir();
    const generative = createGenerativeModule({
      SHOWFLOW_GEN_PROVIDER: 'openai',
      SHOWFLOW_GEN_BASE_URL: api.url,
      SHOWFLOW_GEN_API_KEY: API_KEY,
      SHOWFLOW_GEN_MAX_RETRIES: '0',
      SHOWFLOW_GEN_COST_CENTS: '5',
      SHOWFLOW_GEN_DAILY_CAP_CENTS: '10',
    });
    const log = createLogger('error');
    const modules = [await generative.open({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'error', extraNodesDirs: [] }, log)];
    const catalog = createBuiltinCatalog();
    for (const node of generative.nodes) catalog.register(node, 'generative');
    app = await createApp({ catalog, dataDir, log, modules });
    server = await listen(app, 0, '127.0.0.1');
    client = clientWith(server.url, await tokenFor(app, 'owner'));
    await app.deployments.save(showDocument(['red', 'blue']));
    await app.deployments.deploy('gen-show');
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await api?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('precomputes during deploy and lists the variations with asset URLs and the active index', async () => {
    const listing = await client.generative.variations.query(ref);
    expect(listing.active).toBe(0);
    expect(listing.variations.map((v) => v.prompt)).toEqual(['red', 'blue']);
    expect(listing.variations[0].assetPath).toMatch(/^\/assets\/[0-9a-f]{64}\.png$/);
    const broken = await client.generative.variations.query({ ...ref, nodeId: 'broken' });
    expect(broken.variations[0]).toMatchObject({ assetPath: null, error: { code: 'SF503' } });
    expect(api.requests.filter((r) => r.url === '/v1/images/generations')).toHaveLength(3);
    await expect.poll(onAir, { timeout: 15_000 }).toBe('red');
  });

  it('serves an asset as an immutable PNG with its hash as ETag', async () => {
    const { variations } = await client.generative.variations.query(ref);
    const res = await fetch(`${server.url}${variations[1].assetPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('etag')).toBe(`"${variations[1].assetSha256}"`);
    expect(res.headers.get('cache-control')).toContain('immutable');
    const again = await fetch(`${server.url}${variations[1].assetPath}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(await client.generative.verify.query({ assetSha256: variations[1].assetSha256! })).toMatchObject({ ok: true });
  });

  it('switches the variation live over tRPC without a provider call, and the program picture changes', async () => {
    const calls = api.requests.length;
    const selected = await client.generative.select.mutate({ ...ref, index: 1 });
    expect(selected.active).toBe(1);
    await expect.poll(onAir, { timeout: 15_000 }).toBe('blue');
    expect(api.requests.length).toBe(calls);
    expect((await client.generative.variations.query(ref)).active).toBe(1);
    const missing = await client.generative.select.mutate({ ...ref, index: 2 }).catch((e: unknown) => e);
    expect((missing as TRPCClientError<AppRouter>).data).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('falls back to the shown image when the budget is spent, and frames keep flowing', async () => {
    const before = programFrames();
    // Two images at 5¢ spent the 10¢ cap: green is refused before reaching the provider.
    await app.deployments.save(showDocument(['red', 'blue', 'green'], 2));
    await app.deployments.deploy('gen-show');
    const listing = await client.generative.variations.query(ref);
    expect(listing.variations[2]).toMatchObject({ assetPath: null, error: { code: 'SF502' } });
    expect(api.requests.filter((r) => JSON.parse(r.body).prompt === 'green')).toHaveLength(0);
    const stats = await client.generative.stats.query(ref);
    expect(stats).toMatchObject({ refusals: 1, spendCents: 10 });
    expect(stats.hits).toBeGreaterThanOrEqual(2);
    await waitFor(() => programFrames() > before + 30, 'frames after the refused variation');
    expect(await onAir()).toBe('blue');
    expect(nodeMetrics(app, 'gen-show', 'promo')?.status).toMatchObject({ level: 'warn', text: expect.stringContaining('SF502') });
  });

  it('exports spend and calls per budget label and cache hits/misses per node at /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: bearer(await tokenFor(app, 'viewer')) })).text();
    expect(text).toContain('showflow_generative_spend_cents_total{creator="ana",show="friday",purpose="promo"} 10');
    expect(text).toContain('showflow_generative_provider_calls_total{creator="ana",show="friday",purpose="promo"} 2');
    expect(text).toContain('showflow_generative_refusals_total{creator="ana",show="friday",purpose="promo"} 1');
    expect(text).toMatch(/showflow_generative_cache_hits_total\{node="gen-show\/promo"\} [1-9]/);
    expect(text).toMatch(/showflow_generative_cache_misses_total\{node="gen-show\/promo"\} 2/);
    expect(text).toContain('showflow_node_processed_total{pipeline="gen-show",node="program"');
  });

  it('never lets the API key leave the server', async () => {
    // The provider did get it, and echoed it back in an error body.
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    const listing = await client.generative.variations.query(ref);
    const brokenListing = await client.generative.variations.query({ ...ref, nodeId: 'broken' });
    const brokenStats = await client.generative.stats.query({ ...ref, nodeId: 'broken' });
    const stats = await client.generative.stats.query(ref);
    expect(stats.provider).toMatchObject({ provider: 'openai', hasApiKey: true });
    const error = await client.generative.select.mutate({ ...ref, index: 9 }).catch((e: unknown) => e);
    const unknownNode = await client.generative.stats.query({ ...ref, nodeId: 'nobody' }).catch((e: unknown) => e);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: bearer(await tokenFor(app, 'viewer')) })).text();
    const brokenStatus = nodeMetrics(app, 'gen-show', 'broken');
    const describe = (app.services.get('generative') as { describe(): unknown }).describe();
    const everything = [listing, brokenListing, brokenStats, stats, describe, metrics, nodeMetrics(app, 'gen-show', 'promo'), brokenStatus, error, unknownNode]
      .map((v) => (v instanceof Error ? `${v.message} ${JSON.stringify((v as TRPCClientError<AppRouter>).data)}` : JSON.stringify(v)))
      .join('\n');
    expect(everything).toContain('SF503'); // the failed call is reported, with the echo scrubbed...
    expect(JSON.stringify(brokenListing)).toContain('[redacted]');
    expect(everything).not.toContain(API_KEY); // ...without the key it echoed
    expect(everything).not.toContain('DO-NOT-LEAK');
  });
});
