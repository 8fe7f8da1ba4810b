import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeCatalog } from '@showflow/nodes/sdk';
import { builtinNodes } from '@showflow/nodes';
import { createApp, type ShowflowApp } from '../../src/service/app.ts';
import { listen, type RuntimeServer } from '../../src/api/http.ts';
import { createLogger } from '../../src/log.ts';
import { tempDataDir, waitFor } from '../fixtures/app.ts';
import { rawRequest } from '../fixtures/attacks.ts';
import { bearer, clientWith, tokenFor } from '../fixtures/auth.ts';
import { testNodes } from '../fixtures/nodes.ts';

const at = (x: number) => ({ x, y: 0 });

/** Camera → invert → program output, with the inverted picture also on a backstage sink. */
const show = {
  schemaVersion: 1,
  id: 'studio',
  name: 'Studio',
  nodes: [
    { id: 'cam', type: 'test.camera', typeVersion: 1, config: { intervalMs: 40, corruptEvery: 0 }, position: at(0) },
    { id: 'inv', type: 'test.invert', typeVersion: 1, config: {}, position: at(200) },
    { id: 'program', type: 'showflow.preview', typeVersion: 1, config: {}, position: at(400) },
  ],
  edges: [
    { id: 'e1', from: { node: 'cam', port: 'frame' }, to: { node: 'inv', port: 'frame' } },
    { id: 'e2', from: { node: 'inv', port: 'out' }, to: { node: 'program', port: 'frame' } },
  ],
};

/**
 * The plain read routes (decision 0062): watching stays public, everything else that reads
 * the studio — Prometheus metrics, a backstage node's picture — needs a signed-in viewer or
 * an API token, and a refusal says nothing about what exists.
 */
describe('attacks on the runtime’s plain read routes', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let viewer: Record<string, string>;

  beforeAll(async () => {
    const preview = builtinNodes.find((d) => d.type === 'showflow.preview')!;
    app = await createApp({ catalog: new NodeCatalog([...testNodes, preview], 'test'), dataDir: tempDataDir(), log: createLogger('error') });
    server = await listen(app, 0, '127.0.0.1');
    viewer = bearer(await tokenFor(app, 'viewer'));
    const producer = clientWith(server.url, await tokenFor(app, 'producer'));
    await producer.pipelines.create.mutate({ name: show.name, id: show.id });
    await producer.pipelines.save.mutate({ document: show });
    await producer.pipelines.deploy.mutate({ id: show.id });
    await waitFor(() => (app.engine.metrics('studio')?.nodes.find((n) => n.nodeId === 'program')?.processed ?? 0) > 0, 'a frame at the program output', 30_000);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('refuses /metrics without a credential (401 SF310) and with a revoked or malformed token, and serves it to a viewer token', async () => {
    const anonymous = await rawRequest(server.url, { path: '/metrics' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(anonymous.json).toMatchObject({ error: { code: 'SF310' } });
    expect((await rawRequest(server.url, { path: '/metrics', headers: { authorization: 'Bearer sf_not_a_real_token' } })).status).toBe(401);
    expect((await rawRequest(server.url, { path: '/metrics', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).json).toMatchObject({ error: { code: 'SF315' } });
    expect((await rawRequest(server.url, { method: 'HEAD', path: '/metrics' })).status).toBe(401);

    const read = await fetch(`${server.url}/metrics`, { headers: viewer });
    expect(read.status).toBe(200);
    expect(await read.text()).toMatch(/^showflow_node_processed_total\{pipeline="studio",node="inv",type="test.invert"\} \d+$/m);
  });

  it('keeps the program output’s preview public (the watch page falls back to it) and refuses backstage nodes to anonymous callers', async () => {
    const program = await fetch(`${server.url}/preview/studio/program.jpg`);
    expect(program.status).toBe(200);
    expect(Buffer.from(await program.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    for (const node of ['cam', 'inv']) {
      const refused = await rawRequest(server.url, { path: `/preview/studio/${node}.jpg` });
      expect(refused.status).toBe(401);
      expect(refused.json).toMatchObject({ error: { code: 'SF310' } });
      expect(refused.headers['content-type']).toBe('application/json');
    }
    const signedIn = await fetch(`${server.url}/preview/studio/inv.jpg`, { headers: viewer });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('content-type')).toBe('image/jpeg');
  });

  it('answers an anonymous probe for pipelines and nodes that do not exist like any backstage node, so nothing is learned', async () => {
    for (const path of ['/preview/studio/nope.jpg', '/preview/secret-show/program.jpg']) {
      const probe = await rawRequest(server.url, { path });
      expect(probe.status).toBe(401);
      expect(probe.json).toMatchObject({ error: { code: 'SF310' } });
    }
    // A signed-in viewer learns the node has no picture.
    expect((await fetch(`${server.url}/preview/studio/nope.jpg`, { headers: viewer })).status).toBe(404);
  });

  it('leaves the health check open for load balancers', async () => {
    expect((await rawRequest(server.url, { path: '/healthz' })).json).toMatchObject({ ok: true });
  });
});
