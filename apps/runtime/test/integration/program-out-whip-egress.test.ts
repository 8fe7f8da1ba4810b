import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, waitFor, type TestBrowser } from '@showflow/live/testing';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { bearer, tokenFor } from '../fixtures/auth.ts';
import { expectMovingPicture, programOutRuntime, samplePlayer, whipEgressDocument } from '../fixtures/program-out.ts';
import { startWhipServer, type WhipTestServer } from '../fixtures/whip-server.ts';

const PIPELINE = 'program-whip';
const TOKEN = `whip-${randomBytes(12).toString('hex')}`;
const artifacts = path.resolve(import.meta.dirname, '../../../../test-artifacts');

describe('WHIP egress to a server whose media end is a browser', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let browser: TestBrowser;
  let page: Page;
  let whip: WhipTestServer;
  const metrics = (id = PIPELINE) => app.engine.metrics(id)?.nodes ?? [];
  const status = () => metrics().find((n) => n.nodeId === 'whip')?.status.text ?? '';
  const picturesMade = () => metrics().find((n) => n.nodeId === 'picture')?.processed ?? 0;
  const posts = () => whip.requests.filter((r) => r.method === 'POST');

  beforeAll(async () => {
    ({ app, server } = await programOutRuntime({ SHOWFLOW_RESTREAM_KEY_WHIP: TOKEN }));
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${server.url}/healthz`);
    whip = await startWhipServer(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await whip?.close();
    await server?.close();
    await app?.close();
  });

  it('retries a refusing server with backoff while the show runs, then plays moving picture and sound, and DELETEs on stop', async () => {
    const started = Date.now();
    // The server refuses at first (a wrong token, then a broken server).
    whip.mode = 401;
    await app.deployments.save(whipEgressDocument(PIPELINE, { url: whip.url, tokenSecret: 'WHIP', preset: 'ultrafast' }));
    await app.deployments.deploy(PIPELINE);
    await waitFor(() => status().startsWith('reconnecting in') && posts().length >= 1, 'the node to report the refusal', 30_000);
    expect(status()).toMatch(/SF646 the WHIP server answered 401/);
    whip.mode = 500;
    await waitFor(() => /answered 500/.test(status()) && posts().length >= 2, 'a second attempt, refused with 500', 30_000);
    // Backoff: the attempts are spaced at least 1 s, then 2 s apart, not hammered once per frame.
    const picturesBefore = picturesMade();
    await waitFor(() => posts().length >= 3 && / [3-9] reconnects/.test(status()), 'a third attempt, refused', 30_000);
    const gaps = posts().slice(1).map((r, i) => r.at - posts()[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1900);
    // The pipeline never stopped: the source kept making pictures through the refusals.
    expect(app.engine.state(PIPELINE).state).toBe('running');
    expect(picturesMade()).toBeGreaterThan(picturesBefore);

    // The server accepts: the browser answers, and the node goes live.
    whip.mode = 'answer';
    const acceptedAt = Date.now();
    await waitFor(() => /^live · \d+\.\d\d Mbit\/s · \d+ dropped · \d+ reconnects$/.test(status()), 'the node to go live', 60_000);
    const liveAfterS = (Date.now() - acceptedAt) / 1000;
    await waitFor(async () => (await page.evaluate(() => (globalThis as any).player?.framesPresented ?? 0)) > 10, 'the browser to present frames', 30_000);
    const firstPictureMs = await page.evaluate(() => (globalThis as any).player.firstPictureAt - (globalThis as any).player.answeredAt);
    const bytesAt = await inboundBytes(page);
    const sampledFrom = Date.now();
    const samples = await samplePlayer(page, 8000);
    const bytesAfter = await inboundBytes(page);
    const sampledS = (Date.now() - sampledFrom) / 1000;
    await page.screenshot({ path: path.join(artifacts, 'program-out-whip-egress.png') });

    expect(samples.width).toBe(640);
    expect(samples.height).toBe(360);
    expectMovingPicture(samples);
    // Audible: the 440 Hz tone well above silence in most samples.
    expect(samples.levels.filter((rms) => rms > 0.05).length).toBeGreaterThanOrEqual(samples.levels.length - 3);
    const mbps = ((bytesAfter - bytesAt) * 8) / sampledS / 1e6;
    expect(mbps).toBeGreaterThan(0.2);
    const nodeStatus = status();
    expect(Number(/live · ([\d.]+) Mbit/.exec(nodeStatus)?.[1])).toBeGreaterThan(0.05);
    const codecs = await page.evaluate(async () => {
      const found: string[] = [];
      (await (globalThis as any).player.pc.getStats()).forEach((r: any) => r.type === 'codec' && found.push(r.mimeType));
      return found;
    });
    expect(codecs).toEqual(expect.arrayContaining(['video/H264', 'audio/opus']));

    // Every POST carried the secret as a bearer token, as application/sdp.
    for (const post of posts()) {
      expect(post.authorization).toBe(`Bearer ${TOKEN}`);
      expect(post.contentType).toBe('application/sdp');
    }
    // The token is nowhere a user or an API client can read it.
    expect(status()).not.toContain(TOKEN);
    expect(JSON.stringify(await app.deployments.get(PIPELINE))).not.toContain(TOKEN);
    for (const n of metrics()) expect(JSON.stringify(n)).not.toContain(TOKEN);
    const scrape = await fetch(`${server.url}/metrics`, { headers: bearer(await tokenFor(app, 'viewer')) });
    expect(await scrape.text()).not.toContain(TOKEN);

    // The server's peer goes away: the node drops the session (DELETE), retries, and is live again.
    const deletes = () => whip.requests.filter((r) => r.method === 'DELETE');
    await page.evaluate(() => (globalThis as any).player.pc.close());
    const closedAt = Date.now();
    await waitFor(() => /^reconnecting in .*SF646 .*(closed|failed)/.test(status()), 'the node to notice the closed connection', 45_000);
    const noticedMs = Date.now() - closedAt;
    await waitFor(() => deletes().length === 1, 'the dropped session to be deleted', 10_000);
    expect(deletes()[0]).toMatchObject({ path: '/whip/sessions/1', authorization: `Bearer ${TOKEN}` });
    await waitFor(() => status().startsWith('live'), 'the node to be live again', 60_000);
    await waitFor(async () => (await page.evaluate(() => (globalThis as any).player.framesPresented)) > 10, 'the new session to present frames', 30_000);

    // Stopping the pipeline ends the session on the server.
    await app.deployments.stop(PIPELINE);
    expect(deletes()).toHaveLength(2);
    expect(deletes()[1]).toMatchObject({ path: '/whip/sessions/2', authorization: `Bearer ${TOKEN}` });

    console.info(
      `WHIP egress: ${posts().length} POSTs (${posts().filter((p) => p.status === 201).length} answered), ` +
        `live ${liveAfterS.toFixed(1)} s after the server began accepting (backoff wait included); first picture ${firstPictureMs} ms after the answer; ` +
        `browser received ${mbps.toFixed(2)} Mbit/s, node status "${nodeStatus}"; ${samples.framesPresented} frames presented; closed peer noticed in ${noticedMs} ms; test ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 240_000);

  it('refuses plain http off this machine (SF645) and a token secret that is not set (SF647) at deploy', async () => {
    for (const [suffix, whipConfig, code] of [
      ['http', { url: 'http://ingest.example.com/whip' }, 'SF645'],
      ['token', { url: whip.url, tokenSecret: 'MISSING' }, 'SF647'],
    ] as const) {
      const doc = whipEgressDocument(`${PIPELINE}-bad-${suffix}`, whipConfig);
      await app.deployments.save(doc);
      const failure = await app.deployments.deploy(doc.id).then(
        () => JSON.stringify(metrics(doc.id).find((n) => n.nodeId === 'whip')?.status ?? {}),
        (error: unknown) => String(error),
      );
      expect(failure).toContain(code);
    }
  }, 60_000);
});

async function inboundBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let bytes = 0;
    (await (globalThis as any).player.pc.getStats()).forEach((r: any) => {
      if (r.type === 'inbound-rtp') bytes += r.bytesReceived;
    });
    return bytes;
  });
}
