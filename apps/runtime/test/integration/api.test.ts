import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { PipelineMetrics } from '@showflow/shared';
import type { AppRouter } from '../../src/api/router.ts';
import { bearer, clientWith, tokenFor } from '../fixtures/auth.ts';
import { listen, type RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { chainDocument } from '../fixtures/documents.ts';
import { testApp, waitFor } from '../fixtures/app.ts';
import { sseMessages } from '../fixtures/sse.ts';

describe('tRPC and plain endpoints over real HTTP', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let client: ReturnType<typeof createTRPCClient<AppRouter>>;
  let token: string;

  beforeAll(async () => {
    app = await testApp();
    server = await listen(app, 0, '127.0.0.1');
    token = await tokenFor(app, 'owner');
    client = clientWith(server.url, token);
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('serves the catalog and checks configs', async () => {
    const specs = await client.catalog.list.query();
    expect(specs.map((s) => s.type)).toContain('test.camera');
    expect(await client.catalog.checkConfig.query({ type: 'test.camera', typeVersion: 1, config: { intervalMs: 20 } })).toEqual({ ok: true, issues: [] });
    const bad = await client.catalog.checkConfig.query({ type: 'test.camera', typeVersion: 1, config: { intervalMs: 'x' } });
    expect(bad.ok).toBe(false);
    expect(bad.issues[0].path).toEqual(['intervalMs']);
  });

  it('creates, saves drafts with problems, and refuses what is not a document', async () => {
    const { id } = await client.pipelines.create.mutate({ name: 'Evening show', id: 'evening' });
    expect(id).toBe('evening');
    const draft = chainDocument('evening');
    draft.nodes[1] = { ...draft.nodes[1], type: 'test.unknown' };
    const saved = await client.pipelines.save.mutate({ document: draft });
    expect(saved.problems.map((p) => p.code)).toContain('SF102');
    expect((await client.pipelines.get.query({ id: 'evening' })).draftHash).toBe(saved.hash);

    const err = await client.pipelines.save.mutate({ document: { schemaVersion: 1, id: 'evening' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    const data = (err as TRPCClientError<AppRouter>).data as { httpStatus: number; showflow: { code: string; problems: { path: unknown[] }[] } };
    expect(data.httpStatus).toBe(400);
    expect(data.showflow.code).toBe('SF101');
    expect(data.showflow.problems.map((p) => p.path)).toEqual(expect.arrayContaining([['name'], ['nodes'], ['edges']]));
  });

  it('refuses to deploy an invalid draft with BAD_REQUEST and every problem', async () => {
    const err = await client.pipelines.deploy.mutate({ id: 'evening' }).catch((e: unknown) => e);
    const data = (err as TRPCClientError<AppRouter>).data as { code: string; showflow: { code: string; problems: { code: string; nodeId?: string }[] } };
    expect(data.code).toBe('BAD_REQUEST');
    expect(data.showflow.problems).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SF102', nodeId: 'inv' })]));
    const missing = await client.versions.get.query({ pipelineId: 'evening', version: 7 }).catch((e: unknown) => e);
    expect((missing as TRPCClientError<AppRouter>).data).toMatchObject({ code: 'NOT_FOUND', showflow: { code: 'SF302' } });
    const junk = await client.versions.get.query({ pipelineId: '../x', version: 0 } as never).catch((e: unknown) => e);
    expect((junk as TRPCClientError<AppRouter>).data).toMatchObject({ code: 'BAD_REQUEST', showflow: { code: 'SF303' } });
  });

  it('deploys, lists versions and reports live metrics and previews', async () => {
    const { version } = await client.pipelines.deploy.mutate({ id: 'evening', document: chainDocument('evening', { cameraMs: 40 }), note: 'go live' });
    expect(version).toBe(1);
    expect(await client.pipelines.list.query()).toEqual([expect.objectContaining({ id: 'evening', activeVersion: 1, nodeCount: 4 })]);
    const versions = await client.versions.list.query({ pipelineId: 'evening' });
    expect(versions).toEqual([expect.objectContaining({ version: 1, active: true, note: 'go live' })]);
    expect((await client.versions.get.query({ pipelineId: 'evening', version: 1 })).document.id).toBe('evening');

    await waitFor(() => (app.engine.metrics('evening')?.nodes.at(-1)?.processed ?? 0) >= 3, 'frames');
    const snapshot = await client.metrics.snapshot.query({ pipelineId: 'evening' });
    expect(snapshot?.nodes.find((n) => n.nodeId === 'out')?.processed).toBeGreaterThanOrEqual(3);
    expect(await client.metrics.snapshot.query({ pipelineId: 'nothing' })).toBeNull();

    const preview = await client.preview.latest.query({ pipelineId: 'evening', nodeId: 'inv' });
    expect(preview).toMatchObject({ mime: 'image/jpeg', width: 1280, height: 720 });
    expect(Buffer.from(preview!.dataBase64, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(await client.runtime.health.query()).toMatchObject({ ok: true, pipelines: 1 });
  });

  it('streams metrics.live as server-sent events', async () => {
    const controller = new AbortController();
    const input = encodeURIComponent(JSON.stringify({ pipelineId: 'evening' }));
    const res = await fetch(`${server.url}/trpc/metrics.live?input=${input}`, {
      headers: { accept: 'text/event-stream', origin: 'http://localhost:3000', ...bearer(token) },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    let count = 0;
    const received = await sseMessages<PipelineMetrics>(res.body!).until(() => ++count === 2);
    controller.abort();
    expect(received.map((m) => m.pipelineId)).toEqual(['evening', 'evening']);
    expect(received[1].at).toBeGreaterThan(received[0].at);
  });

  it('serves /metrics, /healthz and preview JPEGs, and CORS for localhost only', async () => {
    // Metrics and backstage previews are a signed-in read (decision 0062).
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/preview/evening/inv.jpg`)).status).toBe(401);
    const metrics = await fetch(`${server.url}/metrics`, { headers: bearer(token) });
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await metrics.text();
    expect(text).toMatch(/^showflow_node_processed_total\{pipeline="evening",node="out",type="test.sink"\} \d+$/m);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true });
    const jpg = await fetch(`${server.url}/preview/evening/inv.jpg`, { headers: bearer(token) });
    expect(jpg.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await jpg.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect((await fetch(`${server.url}/preview/evening/nope.jpg`, { headers: bearer(token) })).status).toBe(404);
    const preflight = await fetch(`${server.url}/trpc/pipelines.list`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:5173' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    const foreign = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://example.com' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers malformed calls with an error and keeps serving', async () => {
    const res = await fetch(`${server.url}/trpc/pipelines.deploy`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await client.runtime.health.query()).ok).toBe(true);
  });
});
