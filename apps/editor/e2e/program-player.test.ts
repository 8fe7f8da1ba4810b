import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, waitFor, type TestBrowser } from '@showflow/live/testing';
import type { RuntimeServer } from '../../runtime/src/api/http.ts';
import type { ShowflowApp } from '../../runtime/src/service/app.ts';
import { programDocument, programOutRuntime } from '../../runtime/test/fixtures/program-out.ts';

const PIPELINE = 'watch-program';
const artifacts = path.resolve(import.meta.dirname, '../../../test-artifacts');

/** The watch page's player alone, bundled as the editor ships it, on a page of another origin. */
async function playerPage(runtimeUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const entry = `
    import { createElement } from 'react';
    import { createRoot } from 'react-dom/client';
    import { ProgramPlayer } from ${JSON.stringify(path.resolve(import.meta.dirname, '../src/components/watch/program/ProgramPlayer.tsx'))};
    window.liveLog = [];
    createRoot(document.getElementById('root')).render(
      createElement(ProgramPlayer, { runtimeUrl: ${JSON.stringify(runtimeUrl)}, pipelineId: new URLSearchParams(location.search).get('pipeline'), fallback: createElement('p', { id: 'fallback' }, 'fallback'), onLiveChange: (live) => window.liveLog.push(live) }),
    );`;
  const result = await build({
    stdin: { contents: entry, resolveDir: import.meta.dirname, loader: 'tsx' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
  });
  const script = result.outputFiles[0].text;
  const server = http.createServer((req, res) => {
    if (req.url === '/player.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><div id="root" style="width:640px;height:360px"></div><script type="module" src="/player.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const playerState = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-testid="program-player"]');
    return { mode: el?.getAttribute('data-mode'), live: el?.getAttribute('data-live'), reconnects: Number(el?.getAttribute('data-reconnects')), log: (window as any).liveLog as (boolean | null)[] };
  });

describe('watch page program player (WHEP, HLS fallback, stall and reconnect)', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let browser: TestBrowser;
  let page: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    ({ app, server } = await programOutRuntime());
    await app.deployments.save(programDocument(PIPELINE, { keyframeIntervalS: 1 }));
    await app.deployments.deploy(PIPELINE);
    browser = await launchChromium();
    page = await playerPage(server.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await server?.close();
    await app?.close();
  });

  it('plays over WHEP, goes not-live when the program stops, and comes back by itself when it returns', async () => {
    const tab = await browser.context.newPage();
    const logs: string[] = [];
    tab.on('console', (m) => logs.push(m.text()));
    tab.on('pageerror', (e) => logs.push(String(e)));
    tab.on('requestfailed', (r) => logs.push(`failed ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
    tab.on('response', (r) => logs.push(`${r.status()} ${r.request().method()} ${r.url()}`));
    await tab.goto(`${page.url}?pipeline=${PIPELINE}`);
    await waitFor(async () => (await playerState(tab)).live === 'true', 'the player to show live frames', 45_000).catch(async (err) => {
      console.log(JSON.stringify(await playerState(tab)), logs.slice(0, 40).join('\n'));
      throw err;
    });
    expect((await playerState(tab)).mode).toBe('whep');
    await tab.screenshot({ path: path.join(artifacts, 'program-player-whep.png') });

    // The picture stops (the source is taken out; the output stays): no frames, so no LIVE,
    // whatever the connection says, and the player keeps trying.
    const show = programDocument(PIPELINE, { keyframeIntervalS: 1 });
    await app.deployments.deploy(PIPELINE, { document: { ...show, nodes: show.nodes.filter((n) => n.id !== 'picture'), edges: show.edges.filter((e) => e.from.node !== 'picture') } });
    await waitFor(async () => (await playerState(tab)).live === 'false', 'the player to notice frames stopped', 30_000);
    await waitFor(async () => (await playerState(tab)).reconnects >= 1, 'the player to reconnect', 45_000);

    // Back on air: the player shows it again without a reload.
    await app.deployments.deploy(PIPELINE, { document: show });
    await waitFor(async () => (await playerState(tab)).live === 'true', 'the player to come back live', 60_000);
    const state = await playerState(tab);
    expect(state.mode).toBe('whep');
    expect(state.log).toEqual(expect.arrayContaining([true, false]));
    await tab.close();
  }, 200_000);

  it('falls back to HLS when WebRTC is not available', async () => {
    const tab = await browser.context.newPage();
    // A network or browser where WebRTC cannot be used.
    await tab.addInitScript(() => {
      (window as any).RTCPeerConnection = function blocked() {
        throw new Error('WebRTC blocked');
      };
    });
    await tab.goto(`${page.url}?pipeline=${PIPELINE}`);
    await waitFor(async () => (await playerState(tab)).live === 'true', 'HLS to play', 60_000);
    expect((await playerState(tab)).mode).toBe('hls');
    await tab.screenshot({ path: path.join(artifacts, 'program-player-hls.png') });
    await tab.close();
  }, 120_000);

  it('shows the fallback player, and no LIVE claim from here, for a pipeline without a program output', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(`${page.url}?pipeline=no-program-here`);
    await waitFor(async () => (await playerState(tab)).mode === 'none', 'the player to find no program', 30_000);
    expect(await tab.locator('#fallback').isVisible()).toBe(true);
    expect((await playerState(tab)).log.at(-1)).toBeNull();
    await tab.close();
  }, 60_000);
});
