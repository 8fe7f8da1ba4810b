import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { Page } from 'playwright-core';
import { builtinNodes } from '@showflow/nodes';
import { NodeCatalog } from '@showflow/nodes/sdk';
import { liveNodes } from '@showflow/live';
import { launchChromium, openSdkPage, startSdkPageServer, waitFor, type PageServer, type TestBrowser } from '@showflow/live/testing';
import type { AppRouter } from '../../src/api/router.ts';
import { bearer, clientWith, tokenFor } from '../fixtures/auth.ts';
import { listen, type RuntimeServer } from '../../src/api/http.ts';
import { createLogger } from '../../src/log.ts';
import { createLiveModule } from '../../src/modules/live.ts';
import { createApp, type ShowflowApp } from '../../src/service/app.ts';
import { tempDataDir } from '../fixtures/app.ts';

const repo = path.resolve(import.meta.dirname, '../../../..');
const artifacts = path.join(repo, 'test-artifacts');
const PIPELINE = 'live-show';

// Page functions run in Chromium; this workspace compiles without DOM types.
type PageGlobals = { sdk: any; session: any; viewer: any; document: any; pixel(x: number, y: number): number[] };

/** A viewer as a watch page would be: frames drawn on a canvas, a latency readout under it. */
async function openViewer(page: Page, endpoint: string): Promise<void> {
  await page.evaluate(async (endpoint) => {
    const g = globalThis as unknown as PageGlobals;
    const canvas = g.document.createElement('canvas');
    const readout = g.document.createElement('p');
    readout.id = 'readout';
    g.document.body.append(canvas, readout);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    g.pixel = (x, y) => [...context.getImageData(x, y, 1, 1).data];
    g.viewer = await g.sdk.watch(endpoint, (frame: any) => {
      if (canvas.width !== frame.image.width) canvas.width = frame.image.width;
      if (canvas.height !== frame.image.height) canvas.height = frame.image.height;
      context.drawImage(frame.image, 0, 0);
    });
    setInterval(() => {
      const s = g.viewer.stats();
      readout.textContent = `glass-to-glass p50 ${Math.round(s.latencyP50)} ms · p95 ${Math.round(s.latencyP95)} ms · ${s.fps.toFixed(0)} fps`;
    }, 250);
  }, endpoint);
}

describe('browser camera → runtime pipeline (capture → denoise → compose → viewer output) → browser viewer', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let pages: PageServer;
  let browser: TestBrowser;
  let client: ReturnType<typeof createTRPCClient<AppRouter>>;
  const cameraStatus = () => app.engine.metrics(PIPELINE)?.nodes.find((n) => n.nodeId === 'camera')?.status.text ?? '';

  beforeAll(async () => {
    const log = createLogger('error');
    const dataDir = tempDataDir();
    const live = await createLiveModule({}).open({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'error', extraNodesDirs: [] }, log);
    app = await createApp({ catalog: new NodeCatalog([...builtinNodes, ...liveNodes]), dataDir, log, modules: [live] });
    server = await listen(app, 0, '127.0.0.1');
    client = clientWith(server.url, await tokenFor(app, 'owner'));
    pages = await startSdkPageServer();
    browser = await launchChromium();
    const example = JSON.parse(readFileSync(path.join(repo, 'examples/pipelines/live-show.json'), 'utf8'));
    await app.deployments.save(example);
    await app.deployments.deploy(PIPELINE);
  });

  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await server?.close();
    await app?.close();
  });

  it('with no sender shows "no signal" and keeps slate frames flowing to the viewer output', async () => {
    await waitFor(() => cameraStatus() === 'no signal', 'the camera to show no signal');
    const before = (await client.live.viewerStats.query({ pipelineId: PIPELINE })).published;
    await waitFor(async () => (await client.live.viewerStats.query({ pipelineId: PIPELINE })).published >= before + 5, '5 more slate frames published');
    const preview = await fetch(`${server.url}/preview/${PIPELINE}/camera.jpg`, { headers: bearer(await tokenFor(app, 'viewer')) });
    expect(preview.status).toBe(200);
  });

  it('goes live from a fake camera through the SDK, and a WHEP viewer draws composed frames with a latency readout', async () => {
    const { token } = await client.live.createStream.mutate({ streamId: 'studio' });
    const sender = await openSdkPage(browser.context, pages.url);
    await sender.evaluate(
      async ({ server, token }) => {
        const g = globalThis as unknown as PageGlobals;
        g.session = await g.sdk.startCapture({ server, streamId: 'studio', token, source: { kind: 'camera' }, width: 640, height: 360, fps: 15, quality: 0.6, transport: 'webrtc' });
      },
      { server: server.url, token },
    );
    await waitFor(() => cameraStatus().startsWith('live · '), 'the camera to go live');

    const viewer = await openSdkPage(browser.context, pages.url);
    await openViewer(viewer, `${server.url}/live/whep/${PIPELINE}`);
    let stats: any;
    await waitFor(async () => {
      stats = await viewer.evaluate(() => (globalThis as unknown as PageGlobals).viewer.stats());
      return stats.drawn >= 15;
    }, '15 frames drawn by the viewer', 20_000);
    expect(stats.latencySamples).toBeGreaterThanOrEqual(15);
    expect(stats.latencyP50).toBeGreaterThan(0);
    expect(stats.latencyP95).toBeGreaterThanOrEqual(stats.latencyP50);
    await expect.poll(() => viewer.locator('#readout').textContent()).toMatch(/^glass-to-glass p50 \d+ ms · p95 \d+ ms · \d+ fps$/);

    // Composed, not the raw camera: the lower third (crimson) sits at the top left over the fake camera's green.
    const [r, g] = await viewer.evaluate(() => (globalThis as unknown as PageGlobals).pixel(48, 48));
    expect(r).toBeGreaterThan(g);
    const size = await viewer.evaluate(() => {
      const c = (globalThis as unknown as PageGlobals).document.querySelector('canvas');
      return [c.width, c.height];
    });
    expect(size).toEqual([640, 360]);
    mkdirSync(artifacts, { recursive: true });
    await viewer.screenshot({ path: path.join(artifacts, 'live-runtime-viewer.png') });

    expect(await client.live.viewerStats.query({ pipelineId: PIPELINE })).toMatchObject({ viewers: 1 });
    const stream = (await client.live.streams.query()).find((s) => s.streamId === 'studio');
    expect(stream).toMatchObject({ state: 'live', sessions: 1 });
    expect(stream!.counters.received).toBeGreaterThan(0);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: bearer(await tokenFor(app, 'viewer')) })).text();
    expect(metrics).toMatch(/showflow_live_frames_received_total\{stream="studio"\} [1-9]/);
    expect(metrics).toContain(`showflow_live_viewers{pipeline="${PIPELINE}"} 1`);

    // The sender leaves: the stream loses signal and the slate takes over on the viewer's screen.
    await sender.evaluate(() => (globalThis as unknown as PageGlobals).session.stop());
    await sender.close();
    await waitFor(() => cameraStatus() === 'no signal', 'no signal after the sender stopped');
    await waitFor(async () => {
      const [r2, g2, b2] = await viewer.evaluate(() => (globalThis as unknown as PageGlobals).pixel(320, 300));
      // The slate is a dark grey; the fake camera is bright green.
      return Math.abs(r2 - g2) < 16 && Math.abs(g2 - b2) < 16 && g2 < 80;
    }, 'the slate on the viewer');
    await viewer.screenshot({ path: path.join(artifacts, 'live-runtime-viewer-no-signal.png') });
    await viewer.evaluate(() => (globalThis as unknown as PageGlobals).viewer.stop());
    await viewer.close();
  });
});
