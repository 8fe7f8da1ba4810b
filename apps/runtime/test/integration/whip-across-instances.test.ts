import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Redis } from 'ioredis';
import { createPgSql, type Sql } from '@showflow/commerce';
import { CLOCK_CANVAS_SCRIPT, launchChromium, openSdkPage, readClockBarcode, sendPlainWhip, startSdkPageServer, waitFor, type PageServer, type TestBrowser } from '@showflow/live/testing';
import type { PipelineDocumentInput } from '@showflow/shared';
import { openRedis } from '../../src/cluster/redis.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { bearer, clientWith } from '../fixtures/auth.ts';
import { clusterSetting } from '../fixtures/cluster-setting.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../fixtures/runtime-process.ts';

// Two runtime processes on the machine's PostgreSQL and Redis: a WHIP sender pointed at the
// instance that does not run its stream's pipeline still goes live (decision 0084).
const { baseUrl, redisUrl, schema, prefix, token, env } = clusterSetting('whip_cluster_test', 5000);
const PIPELINE = 'whip-show';

const document: PipelineDocumentInput = {
  schemaVersion: 1,
  id: PIPELINE,
  name: 'WHIP show',
  nodes: [
    { id: 'camera', type: 'showflow.capture', typeVersion: 1, config: { streamId: 'cam', width: 320, height: 180, fps: 5 }, position: { x: 0, y: 0 } },
    { id: 'out', type: 'test.sink', typeVersion: 1, config: { decode: false }, position: { x: 0, y: 100 } },
  ],
  edges: [{ id: 'e1', from: { node: 'camera', port: 'frame' }, to: { node: 'out', port: 'frame' } }],
};

describe('a WHIP sender sent to an instance that does not run its stream', () => {
  let store: PostgresStore;
  let sql: Sql;
  let redis: Redis;
  let browser: TestBrowser;
  let site: Server;
  let pages: PageServer;
  const runtimes: RuntimeProcess[] = [];

  beforeAll(async () => {
    store = await PostgresStore.open({ connectionString: baseUrl, schema, dropSchemaOnClose: true });
    sql = await createPgSql({ connectionString: baseUrl, schema, max: 1 });
    redis = await openRedis(redisUrl);
    runtimes.push(...(await Promise.all(['one', 'two'].map((name) => startRuntimeProcess(name, env)))));
    // The sender's page is on an origin of its own, as a studio's capture page would be.
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>sender</title>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    pages = await startSdkPageServer();
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    site?.close();
    for (const r of runtimes) if (!r.gone()) r.child.kill('SIGKILL');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await sql?.close();
    await store?.close();
  }, 30_000);

  /** The instance holding the pipeline's lease and the other one. */
  async function ownerAndOther(): Promise<{ owner: RuntimeProcess; other: RuntimeProcess }> {
    let ownerUrl: string | undefined;
    await waitFor(
      async () => {
        const holder = (await redis.get(`${prefix}lease:${PIPELINE}`))?.replace(/#\d+$/, '');
        ownerUrl = holder ? ((await redis.get(`${prefix}instance:${holder}`)) ?? undefined) : undefined;
        return ownerUrl !== undefined;
      },
      'an owner for the pipeline',
      60_000,
    );
    const owner = runtimes.find((r) => r.url === ownerUrl)!;
    return { owner, other: runtimes.find((r) => r !== owner)! };
  }

  /** The sender's clock drawn in the newest frame the owner's capture node put out. */
  async function clockAt(url: string): Promise<number | undefined> {
    const response = await fetch(`${url}/preview/${PIPELINE}/camera.jpg`, { headers: bearer(token) }).catch(() => undefined);
    if (!response?.ok) return undefined;
    const { data, info } = await sharp(Buffer.from(await response.arrayBuffer())).greyscale().raw().toBuffer({ resolveWithObject: true });
    return readClockBarcode(data, info.width, info.height);
  }

  const tickets = async () => Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM live_whip_tickets'))[0].n);

  it('checks the token where the offer arrives, redirects with a one-time ticket, and the owner receives the pictures', async () => {
    onTestFailed(() => console.error(runtimes.map((r) => `${r.name}: ${r.output()}`).join('\n')));
    // The stream is made on one instance and the pipeline deployed through the other.
    const stream = await clientWith(runtimes[0].url, token).live.createStream.mutate({ streamId: 'cam' });
    await clientWith(runtimes[1].url, token).pipelines.create.mutate({ id: PIPELINE, name: 'WHIP show' });
    await clientWith(runtimes[1].url, token).pipelines.deploy.mutate({ id: PIPELINE, document });
    const { owner, other } = await ownerAndOther();
    const offer = (auth: string, body = 'v=0\r\n') =>
      fetch(`${other.url}/live/whip/cam`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/sdp', authorization: `Bearer ${auth}` }, body });

    // A wrong token is refused where it arrives: no redirect, no ticket written.
    const wrong = await offer('not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('location')).toBeNull();
    expect(await wrong.json()).toMatchObject({ code: 'SF602' });
    expect(await tickets()).toBe(0);

    // The right token: a 307 to the owner whose path carries a ticket, good for one offer only.
    const redirected = await offer(stream.token);
    expect(redirected.status).toBe(307);
    const location = redirected.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${owner.url}/live/whip/cam/ticket-[A-Za-z0-9_-]+$`));
    expect(location).not.toContain(stream.token);
    const first = await fetch(location, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: 'not sdp' });
    expect(first.status).toBe(400);
    const again = await fetch(location, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: 'not sdp' });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ code: 'SF615' });
    // A made-up ticket is refused as well.
    const forged = await fetch(`${owner.url}/live/whip/cam/ticket-${randomBytes(24).toString('base64url')}`, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: 'v=0\r\n' });
    expect((await forged.json()) as unknown).toMatchObject({ code: 'SF615' });

    // A browser WHIP client (no SDK, as OBS would) posts to the non-owner; Chromium follows the
    // 307 to another origin without the Authorization header, and the ticket lets it on.
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    await page.addScriptTag({ content: CLOCK_CANVAS_SCRIPT });
    const sentAt = Date.now();
    const sent = await sendPlainWhip(page, `${other.url}/live/whip/cam`, stream.token, { video: 'vp8', source: 'clock', width: 320, height: 180, fps: 10 });
    expect(sent, JSON.stringify(sent)).toMatchObject({ status: 201, location: expect.stringMatching(/^\/live\/whip\/cam\/[0-9a-f-]{36}$/) });
    let clock: number | undefined;
    await waitFor(async () => (clock = await clockAt(owner.url)) !== undefined && clock >= sentAt, 'the sender’s pictures at the owner’s capture node', 60_000);
    // The owner re-reads the shared token listing every few seconds: a stream made on the other
    // instance shows as accepting there once it has (its sender was let on by the ticket before).
    const listing = async () => (await clientWith(owner.url, token).live.streams.query()).find((s) => s.streamId === 'cam');
    await expect.poll(listing, { timeout: 20_000 }).toMatchObject({ state: 'live', sessions: 1, accepting: true });

    // The session lives on the owner; ending it there with the token (known to every instance) frees the stream.
    const ended = await fetch(`${owner.url}${sent.location}`, { method: 'DELETE', headers: bearer(stream.token) });
    expect(ended.status).toBe(200);
    await page.close();

    // The capture SDK sent to the non-owner: it lands on the owner, and its session (the DELETE on stop) is the owner's.
    const sdkPage = await openSdkPage(browser.context, pages.url);
    const deletes: string[] = [];
    sdkPage.on('request', (request) => {
      if (request.method() === 'DELETE') deletes.push(request.url());
    });
    await sdkPage.addScriptTag({ content: CLOCK_CANVAS_SCRIPT });
    const sdkAt = Date.now();
    const refused = await sdkPage.evaluate(
      async ({ server, streamToken }) => {
        const g = globalThis as any;
        const canvas = g.startClockCanvas(320, 180, 10) && g.document.querySelector('canvas');
        try {
          g.session = await g.sdk.startCapture({ server, streamId: 'cam', token: streamToken, source: { kind: 'canvas', canvas }, width: 320, height: 180, fps: 10, transport: 'webrtc' });
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
      { server: other.url, streamToken: stream.token },
    );
    expect(refused).toBeUndefined();
    await waitFor(async () => ((await clockAt(owner.url)) ?? 0) >= sdkAt, 'the SDK sender’s pictures at the owner', 60_000);
    await sdkPage.evaluate(() => (globalThis as any).session.stop());
    await waitFor(async () => deletes.length > 0, 'the SDK to end its session', 10_000);
    expect(deletes[0]).toMatch(new RegExp(`^${owner.url}/live/whip/cam/[0-9a-f-]{36}$`));
    await sdkPage.close();

    // A token replaced on one instance is refused by the other at once.
    const renewed = await clientWith(owner.url, token).live.createStream.mutate({ streamId: 'cam' });
    expect((await offer(stream.token)).status).toBe(401);
    expect((await offer(renewed.token)).status).toBe(307);
  }, 240_000);
});
