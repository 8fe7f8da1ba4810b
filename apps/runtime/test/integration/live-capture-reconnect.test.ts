import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { CLOCK_CANVAS_SCRIPT, launchChromium, openSdkPage, readClockBarcode, startSdkPageServer, waitFor, type PageServer, type TestBrowser } from '@showflow/live/testing';
import type { PipelineDocumentInput } from '@showflow/shared';
import { bearer, clientWith } from '../fixtures/auth.ts';
import { freePort, killRuntimeProcess, startRuntimeProcess, stopRuntimeProcess, type RuntimeProcess } from '../fixtures/runtime-process.ts';

// A runtime process killed under a live browser sender and started again on the same port and
// data folder: the capture SDK has to notice and reconnect by itself.
const PIPELINE = 'reconnect-show';
const token = randomBytes(32).toString('base64url');
const env = { SHOWFLOW_BOOTSTRAP_TOKEN: token };

const document: PipelineDocumentInput = {
  schemaVersion: 1,
  id: PIPELINE,
  name: 'Reconnect show',
  nodes: [
    { id: 'camera', type: 'showflow.capture', typeVersion: 1, config: { streamId: 'cam', width: 320, height: 180, fps: 5 }, position: { x: 0, y: 0 } },
    { id: 'out', type: 'test.sink', typeVersion: 1, config: { decode: false }, position: { x: 0, y: 100 } },
  ],
  edges: [{ id: 'e1', from: { node: 'camera', port: 'frame' }, to: { node: 'out', port: 'frame' } }],
};

// Page functions run in Chromium; this workspace compiles without DOM types.
type PageGlobals = { sdk: any; sessions: Record<string, any>; states: Record<string, [string, any][]>; document: any; startClockCanvas(w: number, h: number, fps: number): unknown };

/** The sender's clock drawn in the newest frame the capture node put out, or undefined (slate, no frame). */
async function clockAtRuntime(url: string): Promise<number | undefined> {
  const response = await fetch(`${url}/preview/${PIPELINE}/camera.jpg`, { headers: bearer(token) }).catch(() => undefined);
  if (!response?.ok) return undefined;
  const { data, info } = await sharp(Buffer.from(await response.arrayBuffer())).greyscale().raw().toBuffer({ resolveWithObject: true });
  return readClockBarcode(data, info.width, info.height);
}

/** Starts a capture on `streamId` from the page's clock canvas; resolves to the error message if it is refused. */
function startSender(page: Page, server: string, streamId: string, streamToken: string): Promise<string | undefined> {
  return page.evaluate(
    async ({ server, streamId, streamToken }) => {
      const g = globalThis as unknown as PageGlobals;
      g.sessions ??= {};
      g.states ??= {};
      g.states[streamId] = [];
      const canvas = g.document.querySelector('canvas');
      try {
        g.sessions[streamId] = await g.sdk.startCapture({
          server,
          streamId,
          token: streamToken,
          source: { kind: 'canvas', canvas },
          width: 640,
          height: 360,
          fps: 10,
          quality: 0.6,
          transport: 'auto',
          onStateChange: (state: string, detail: unknown) => g.states[streamId].push([state, detail]),
        });
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
    { server, streamId, streamToken },
  );
}

describe('capture SDK reconnects when its runtime dies', () => {
  let runtime: RuntimeProcess;
  let pages: PageServer;
  let browser: TestBrowser;
  const posts: { stream: string; at: number }[] = [];
  const postsTo = (stream: string, since = 0) => posts.filter((p) => p.stream === stream && p.at >= since).length;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'showflow-reconnect-'));
    runtime = await startRuntimeProcess('first', env, 120_000, { port: await freePort(), dataDir });
    pages = await startSdkPageServer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await stopRuntimeProcess(runtime);
  }, 30_000);

  it('sends again to a runtime restarted on the same port and data folder, and gives up on a revoked token', async () => {
    onTestFailed(() => console.error(`runtime ${runtime.name}: ${runtime.output()}`));
    const client = () => clientWith(runtime.url, token);
    const cam = await client().live.createStream.mutate({ streamId: 'cam' });
    const revoked = await client().live.createStream.mutate({ streamId: 'other' });
    await client().pipelines.create.mutate({ id: PIPELINE, name: 'Reconnect show' });
    await client().pipelines.deploy.mutate({ id: PIPELINE, document });

    const sender = await openSdkPage(browser.context, pages.url);
    sender.on('request', (request) => {
      const match = /\/live\/whip\/([^/?]+)$/.exec(request.url());
      if (match && request.method() === 'POST') posts.push({ stream: match[1], at: Date.now() });
    });
    await sender.addScriptTag({ content: CLOCK_CANVAS_SCRIPT });
    await sender.evaluate(() => void (globalThis as unknown as PageGlobals).startClockCanvas(640, 360, 20));
    const stats = (stream: string) => sender.evaluate((s) => (globalThis as unknown as PageGlobals).sessions[s].stats(), stream);
    const states = (stream: string) => sender.evaluate((s) => (globalThis as unknown as PageGlobals).states[s], stream);

    // A wrong token is refused once, with its code, and not retried.
    const wrongAt = Date.now();
    expect(await startSender(sender, runtime.url, 'cam', 'not-the-token')).toMatch(/401 SF602/);
    expect((await states('cam')).map(([s, d]) => `${s}${d?.code ? ` ${d.code}` : ''}`)).toEqual(['connecting', 'failed SF602']);
    expect(postsTo('cam', wrongAt)).toBe(1);

    expect(await startSender(sender, runtime.url, 'cam', cam.token)).toBeUndefined();
    expect(await startSender(sender, runtime.url, 'other', revoked.token)).toBeUndefined();
    let clock: number | undefined;
    await waitFor(async () => (clock = await clockAtRuntime(runtime.url)) !== undefined && clock > Date.now() - 5000, 'clock frames at the first runtime', 60_000);
    expect(await stats('cam')).toMatchObject({ connected: true, reconnects: 0 });

    // The token of "other" is replaced while its sender is live: it stays connected until it has to reconnect.
    await client().live.createStream.mutate({ streamId: 'other' });
    const postsBefore = posts.length;
    await killRuntimeProcess(runtime);
    const killedAt = Date.now();
    await waitFor(async () => !(await stats('cam')).connected, 'the sender to notice the runtime is gone', 30_000);
    const noticedMs = Date.now() - killedAt;

    const restartAt = Date.now();
    runtime = await startRuntimeProcess('second', env, 120_000, { port: runtime.port, dataDir: runtime.dataDir });
    const upAt = Date.now();
    await waitFor(async () => (clock = await clockAtRuntime(runtime.url)) !== undefined && clock > upAt, 'frames captured after the restart at the new runtime', 90_000);
    const firstNewFrameMs = Date.now() - upAt;
    const afterRestart = await stats('cam');
    expect(afterRestart.connected).toBe(true);
    expect(afterRestart.reconnects).toBeGreaterThanOrEqual(1);
    expect(afterRestart.lastError).toBeTruthy();

    // Several seconds of fresh frames keep arriving (read back from the pictures, not from the sender's counters).
    const seen = new Set<number>();
    const from = clock!;
    await waitFor(
      async () => {
        const now = await clockAtRuntime(runtime.url);
        if (now !== undefined) {
          expect(Date.now() - now, 'capture time lags the wall clock').toBeLessThan(5000);
          seen.add(now);
        }
        return Math.max(...seen) - from >= 5000;
      },
      '5 s of new frames',
      60_000,
    );
    expect(seen.size).toBeGreaterThanOrEqual(10);
    const camStates = (await states('cam')).map(([s]) => s);
    expect(camStates.slice(0, 2)).toEqual(['connecting', 'live']);
    expect(camStates).toContain('reconnecting');
    expect(camStates.at(-1)).toBe('live');

    // The revoked token: refused once by the new runtime, then no more tries.
    await waitFor(async () => (await states('other')).at(-1)?.[0] === 'failed', 'the revoked sender to give up', 30_000);
    const failed = (await states('other')).at(-1)![1];
    expect(failed).toMatchObject({ code: 'SF602', status: 401 });
    expect(await stats('other')).toMatchObject({ connected: false, reconnects: 0 });
    expect((await stats('other')).lastError).toMatch(/^SF602: /);
    const revokedPosts = postsTo('other', upAt);
    expect(revokedPosts).toBeLessThanOrEqual(2);
    const outagePosts = posts.slice(postsBefore).filter((p) => p.at < upAt).length;
    // Still none after a few more seconds of the other sender streaming.
    const settled = Date.now();
    await waitFor(async () => ((await clockAtRuntime(runtime.url)) ?? 0) > settled + 3000, '3 s more frames', 30_000);
    expect(postsTo('other', upAt)).toBe(revokedPosts);

    const camStats = await stats('cam');
    console.log(
      `reconnect figures: noticed ${noticedMs} ms after the kill; new runtime answered ${upAt - restartAt} ms after its start; first new frame ${firstNewFrameMs} ms after the runtime answered; ` +
        `${outagePosts} POSTs during the outage (both senders); revoked token: ${revokedPosts} POST(s) after the restart; ` +
        `cam: reconnects ${camStats.reconnects}, transport ${camStats.transport}, sent ${camStats.sent}, dropped ${camStats.dropped}, lastError "${camStats.lastError}"`,
    );
    await sender.evaluate(() => (globalThis as unknown as PageGlobals).sessions.cam.stop());
    await sender.close();
  }, 300_000);
});
