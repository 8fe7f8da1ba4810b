import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS, ShowflowError } from '@showflow/shared';
import { chainOf, deeplyNested, fanOut, type ChainTypes } from '../../../../packages/shared/src/test-documents.ts';
import { listen, type RuntimeServer } from '../../src/api/http.ts';
import { createRequestGuard } from '../../src/api/guard/index.ts';
import { toTrpcError } from '../../src/api/trpc.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { tempDataDir, testApp } from '../fixtures/app.ts';
import { codeOf, rawRequest, snapshot } from '../fixtures/attacks.ts';
import { bearer, tokenFor } from '../fixtures/auth.ts';

/** The test catalog's camera → invert → slow sink, for generated documents. */
const types: ChainTypes = { source: 'test.camera', process: 'test.invert', sink: 'test.slow', sourceOut: 'frame', processIn: 'frame', processOut: 'out', sinkIn: 'frame' };

const json = { 'content-type': 'application/json' };

describe('attacks on the runtime edge (each refused with a code, nothing written)', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let dataDir: string;
  let host: string;
  /** A producer's credential: body and document limits must hold for signed-in callers too. */
  let producer: Record<string, string>;

  beforeAll(async () => {
    dataDir = tempDataDir();
    app = await testApp(dataDir);
    server = await listen(app, 0, '127.0.0.1', createRequestGuard({ publicHosts: ['show.example.com'], editorOrigins: ['https://studio.example.net'] }));
    host = `127.0.0.1:${server.port}`;
    producer = bearer(await tokenFor(app, 'producer'));
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  /** Runs `attack` and checks the data folder is byte-for-byte what it was. */
  async function unchanged<T>(attack: () => Promise<T>): Promise<T> {
    const before = snapshot(dataDir);
    const result = await attack();
    expect(snapshot(dataDir)).toEqual(before);
    return result;
  }

  it('refuses a rebinding Host with 403 SF320, and serves localhost names and configured public names', async () => {
    const createBody = JSON.stringify({ name: 'Rebound', id: 'rebound' });
    const res = await unchanged(() =>
      rawRequest(server.url, { method: 'POST', path: '/trpc/pipelines.create', headers: { ...json, host: `rebind.attacker.example:${server.port}`, origin: `http://rebind.attacker.example:${server.port}` }, body: createBody }),
    );
    expect(res.status).toBe(403);
    expect(codeOf(res)).toBe('SF320');
    const read = await rawRequest(server.url, { path: '/healthz', headers: { host: 'rebind.attacker.example' } });
    expect([read.status, codeOf(read)]).toEqual([403, 'SF320']);
    for (const name of [host, `localhost:${server.port}`, `[::1]:${server.port}`, 'LOCALHOST', 'show.example.com', 'show.example.com:443']) {
      const ok = await rawRequest(server.url, { path: '/healthz', headers: { host: name } });
      expect(ok.status, name).toBe(200);
    }
    expect(await app.store.getPipeline('rebound')).toBeUndefined();
  });

  it('refuses a WebSocket upgrade under a rebinding Host with 403 SF320', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.write(
          `GET /live/ws/s1 HTTP/1.1\r\nHost: rebind.attacker.example:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        );
      });
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    expect(answer).toContain('SF320');
  });

  it('refuses state changes from a foreign Origin with 403 SF321; local and configured origins and origin-less callers pass the guard', async () => {
    const body = JSON.stringify({ name: 'Foreign', id: 'foreign' });
    for (const path of ['/trpc/pipelines.create', '/trpc/live.createStream', '/api/drops']) {
      const res = await unchanged(() => rawRequest(server.url, { method: 'POST', path, headers: { ...json, host, origin: 'https://evil.example' }, body }));
      expect([res.status, codeOf(res)], path).toEqual([403, 'SF321']);
    }
    const otherPort = await unchanged(() => rawRequest(server.url, { method: 'POST', path: '/trpc/pipelines.create', headers: { ...json, host, origin: 'https://studio.example.net:8443' }, body }));
    expect(codeOf(otherPort)).toBe('SF321');
    const nullOrigin = await unchanged(() => rawRequest(server.url, { method: 'POST', path: '/trpc/pipelines.create', headers: { ...json, host, origin: 'null' }, body }));
    expect(codeOf(nullOrigin)).toBe('SF321');
    // Past the guard these meet the procedure (or the credential check): whatever they get, it is not a transport refusal.
    for (const origin of ['http://localhost:3000', 'https://show.example.com', 'https://studio.example.net', undefined]) {
      const res = await rawRequest(server.url, { method: 'POST', path: '/trpc/pipelines.validate', headers: { ...json, host, ...(origin ? { origin } : {}) }, body: JSON.stringify({ document: {} }) });
      expect(['SF320', 'SF321', 'SF322', 'SF323', 'SF324'], String(origin)).not.toContain(codeOf(res));
    }
    // Reads stay readable cross-origin (watch pages are public); WHIP/WHEP run from other origins by design.
    const read = await rawRequest(server.url, { path: '/healthz', headers: { host, origin: 'https://evil.example' } });
    expect(read.status).toBe(200);
    const whip = await rawRequest(server.url, { method: 'DELETE', path: '/live/whip/s1/x', headers: { host, origin: 'https://shop.example' } });
    expect(codeOf(whip)).not.toBe('SF321');
  });

  it('refuses multipart, text/plain and form bodies (no "simple request" mutation) with 415 SF322', async () => {
    const cases: { path: string; type?: string; body: string }[] = [
      { path: '/trpc/live.createStream', type: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' },
      { path: '/trpc/nodePackages.reload', type: 'text/plain', body: '' },
      { path: '/trpc/pipelines.create', type: 'application/x-www-form-urlencoded', body: 'name=x' },
      { path: '/trpc/pipelines.create', type: undefined, body: '{"name":"x"}' },
      { path: '/api/drops', type: 'text/plain;charset=UTF-8', body: '{"sku":"x"}' },
      { path: '/live/whip/s1', type: 'application/json', body: '{}' },
    ];
    for (const c of cases) {
      const res = await unchanged(() =>
        rawRequest(server.url, { method: 'POST', path: c.path, headers: { host, ...(c.type ? { 'content-type': c.type } : {}) }, body: c.body }),
      );
      expect([res.status, codeOf(res)], `${c.path} ${c.type}`).toEqual([415, 'SF322']);
    }
  });

  it('refuses a batch of 300 procedures with 400 SF323 before running any', async () => {
    const paths = Array.from({ length: 300 }, () => 'pipelines.list').join(',');
    const res = await rawRequest(server.url, { path: `/trpc/${paths}?batch=1&input=${encodeURIComponent('{}')}`, headers: { host } });
    expect([res.status, codeOf(res)]).toEqual([400, 'SF323']);
    const small = Array.from({ length: 3 }, () => 'pipelines.list').join(',');
    const fine = await rawRequest(server.url, { path: `/trpc/${small}?batch=1&input=${encodeURIComponent('{}')}`, headers: { host } });
    expect(codeOf(fine)).not.toBe('SF323');
  });

  it('refuses a declared 250 MB body with 413 SF324 before reading a byte of it', async () => {
    const res = await unchanged(() =>
      rawRequest(server.url, {
        method: 'POST',
        path: '/trpc/pipelines.save',
        headers: { ...json, host, 'content-length': String(250 * 1024 * 1024) },
        // Headers only: the answer must come without the body ever being sent.
        body: (req) => req.flushHeaders(),
      }),
    );
    expect([res.status, codeOf(res)]).toEqual([413, 'SF324']);
  });

  it('stops reading a streamed (chunked) tRPC body at the limit with 413 SF324', async () => {
    const limit = 8 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    let answered = false;
    const res = await unchanged(() =>
      rawRequest(server.url, {
        method: 'POST',
        path: '/trpc/pipelines.save',
        headers: { ...json, ...producer, host, 'transfer-encoding': 'chunked' },
        body: (req) => {
          req.on('response', () => (answered = true));
          const pump = () => {
            // Up to 250 MB, stopping as soon as the server has answered.
            while (!answered && sent < 250 * 1024 * 1024 && !req.destroyed) {
              sent += chunk.length;
              if (!req.write(chunk)) return void req.once('drain', pump);
            }
            req.end();
          };
          pump();
        },
      }),
    );
    expect([res.status, codeOf(res)]).toEqual([413, 'SF324']);
    expect(sent).toBeGreaterThan(limit);
    expect(sent).toBeLessThan(250 * 1024 * 1024);
  });

  it('answers a producer saving a document over the node limit with 413 SF140 over HTTP, and stores nothing', async () => {
    const body = JSON.stringify({ document: chainOf(DOCUMENT_LIMITS.nodes + 1, types, 'giant') });
    const res = await unchanged(() => rawRequest(server.url, { method: 'POST', path: '/trpc/pipelines.save', headers: { ...json, ...producer, host }, body }));
    expect([res.status, codeOf(res)]).toEqual([413, 'SF140']);
    // Written as text: 5,000 levels is past what JSON.stringify itself can recurse through here.
    const shallow = deeplyNested(0, types, 'deep');
    const deep = JSON.stringify({ document: shallow }).replace('"nested":{}', `"nested":${'{"inner":'.repeat(5_000)}{}${'}'.repeat(5_000)}`);
    const nested = await unchanged(() => rawRequest(server.url, { method: 'POST', path: '/trpc/pipelines.save', headers: { ...json, ...producer, host }, body: deep }));
    expect([nested.status, codeOf(nested)]).toEqual([413, 'SF141']);
  });

  it('closes a connection whose headers never finish with 408 (slowloris), on a server with short limits', async () => {
    const slow = await listen(app, 0, '127.0.0.1', createRequestGuard({ limits: { headersTimeoutMs: 600, requestTimeoutMs: 1200 } }));
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(slow.port, '127.0.0.1', () => socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\nX-Slow: a`));
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await slow.close();
    }
  });

  it('refuses a document with more nodes than the limit with SF140 (413) at nodes, and stores nothing', async () => {
    const err = await unchanged(() => app.deployments.save(chainOf(DOCUMENT_LIMITS.nodes + 1, types, 'giant')).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(ShowflowError);
    expect((err as ShowflowError).problems).toEqual([expect.objectContaining({ code: 'SF140', path: ['nodes'] })]);
    expect(toTrpcError(err)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await app.store.getPipeline('giant')).toBeUndefined();
  });

  it('refuses 5,000-deep nesting with SF141 and its path, not a stack overflow, and stores nothing', async () => {
    const err = await unchanged(() => app.deployments.save(deeplyNested(5_000, types, 'deep')).catch((e: unknown) => e));
    expect((err as ShowflowError).code).toBe('SF141');
    expect((err as ShowflowError).problems[0].path.slice(0, 4)).toEqual(['nodes', 0, 'config', 'nested']);
    const deploy = await unchanged(() => app.deployments.deploy('deep', { document: deeplyNested(5_000, types, 'deep') }).catch((e: unknown) => e));
    expect((deploy as ShowflowError).code).toBe('SF141');
  });

  it('checks 20,000 edges from one node and a 5,000-node cycle as 400s with capped problem lists, and deploys nothing', async () => {
    const fan = await unchanged(() => app.deployments.deploy('fanout', { document: fanOut(20_000, types, 'fanout') }).catch((e: unknown) => e));
    expect(fan).toBeInstanceOf(ShowflowError);
    expect(toTrpcError(fan)).toMatchObject({ code: 'BAD_REQUEST' });
    expect((fan as ShowflowError).problems).toHaveLength(DOCUMENT_LIMITS.problems + 1);
    expect((fan as ShowflowError).problems.at(-1)?.code).toBe('SF142');

    const loop = chainOf(5_000, types, 'loop');
    loop.edges.push({ id: 'back', from: { node: 'n4998', port: 'out' }, to: { node: 'n2', port: 'frame' } });
    loop.edges = loop.edges.filter((e) => e.id !== 'e2');
    const cyc = await unchanged(() => app.deployments.deploy('loop', { document: loop }).catch((e: unknown) => e));
    expect((cyc as ShowflowError).problems.map((p) => p.code)).toContain('SF107');
    expect(await app.store.listVersions('loop')).toEqual([]);
  });

  it('still validates a 10,000-node document', () => {
    expect(app.deployments.validate(chainOf(10_000, types, 'big'))).toEqual({ ok: true, problems: [] });
  });
});
