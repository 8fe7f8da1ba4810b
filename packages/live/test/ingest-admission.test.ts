import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { IngestGatewayOptions, LiveFrame } from '../src/index.ts';
import { launchChromium, type TestBrowser } from './support/browser.ts';
import { startLiveServer, waitFor, type LiveServer } from './support/live-server.ts';
import { sendPlainWhip } from './support/whip-client.ts';

let browser: TestBrowser;
const servers: LiveServer[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const page of pages) await page.close().catch(() => undefined);
  await browser?.close();
  for (const server of servers) await server.close();
});

async function serve(ingestBudget: IngestGatewayOptions['ingestBudget']): Promise<LiveServer> {
  const server = await startLiveServer({ streams: { first: 'key', second: 'key' }, ingestBudget });
  servers.push(server);
  return server;
}

/** A small VP8 sender from a browser page, as OBS or any WHIP client sends. */
async function publish(server: LiveServer, streamId: string) {
  const page = await browser.context.newPage();
  pages.push(page);
  await page.goto(`${server.url}/`);
  return sendPlainWhip(page, `${server.url}/live/whip/${streamId}`, 'key', { video: 'vp8', width: 320, height: 180, fps: 15 });
}

/** A browser's VP8 offer, posted from here so the refusal's headers can be read. */
async function postOffer(server: LiveServer, streamId: string): Promise<Response> {
  const page = await browser.context.newPage();
  pages.push(page);
  await page.goto(`${server.url}/`);
  const offer = await page.evaluate(async () => {
    const g = globalThis as any;
    const pc = new g.RTCPeerConnection();
    const stream = await g.navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 180 } });
    pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    return pc.localDescription.sdp as string;
  });
  return fetch(`${server.url}/live/whip/${streamId}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp', Authorization: 'Bearer key' },
    body: offer,
  });
}

function framesOf(server: LiveServer, streamId: string): LiveFrame[] {
  const frames: LiveFrame[] = [];
  server.gateway.subscribe(streamId, (frame) => frames.push(frame));
  return frames;
}

/**
 * UDP sockets this process holds (Linux): each peer connection binds its own. Read from /proc
 * because werift unrefs its sockets, which hides them from Node's active resources.
 */
function udpSockets(): number {
  const inodes = new Set(
    ['/proc/net/udp', '/proc/net/udp6']
      .filter((file) => existsSync(file))
      .flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/)[9])),
  );
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      return inode !== undefined && inodes.has(inode);
    } catch {
      return false; // closed since the listing
    }
  }).length;
}

it('refuses a video sender beyond the session budget with 503 SF616 and Retry-After, keeps the live one going, and admits again after its DELETE', async () => {
  const server = await serve({ maxSessions: 1, retryAfterSeconds: 3 });
  const firstFrames = framesOf(server, 'first');
  const first = await publish(server, 'first');
  expect(first.status).toBe(201);
  await waitFor(() => firstFrames.length >= 3, 'pictures from the first sender', 15_000);

  const socketsBefore = udpSockets();
  // The live session's own sockets are seen, so a leaked one would be too.
  expect(socketsBefore).toBeGreaterThan(0);
  const refused = await postOffer(server, 'second');
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('3');
  expect(refused.headers.get('content-type')).toBe('application/json');
  const body = (await refused.json()) as { code: string; message: string };
  expect(body.code).toBe('SF616');
  expect(body.message).toMatch(/^The runtime is at its live ingest capacity \(1 of 1 video ingest sessions are in use\): try again later/);
  // Nothing was made for it: no stream state, no session, no socket.
  expect(server.gateway.list().map((s) => s.streamId)).toEqual(['first']);
  expect(udpSockets()).toBe(socketsBefore);
  expect(server.gateway.admission()).toMatchObject({ sessions: 1, admitted: 1, refused: { sessions: 1, pixel_rate: 0 } });

  const before = firstFrames.length;
  await waitFor(() => firstFrames.length >= before + 10, 'the first sender to keep delivering pictures', 15_000);
  expect(server.gateway.status('first')).toMatchObject({ state: 'live', sessions: 1 });

  const ended = await fetch(`${server.url}${first.location}`, { method: 'DELETE', headers: { Authorization: 'Bearer key' } });
  expect(ended.status).toBe(200);
  expect(server.gateway.admission().sessions).toBe(0);

  const secondFrames = framesOf(server, 'second');
  const second = await publish(server, 'second');
  expect(second.status).toBe(201);
  await waitFor(() => secondFrames.length >= 3, 'pictures from the admitted sender', 15_000);
  expect(server.gateway.admission()).toMatchObject({ sessions: 1, admitted: 2 });
}, 60_000);

it('refuses a new video sender while the decoded pixel rate is at the budget, measured from the pictures', async () => {
  // 320×180 at 15 fps is 0.86 Mpixel/s: one such stream fills this budget once its pictures flow.
  const server = await serve({ maxPixelRate: 320 * 180 * 5 });
  const firstFrames = framesOf(server, 'first');
  const first = await publish(server, 'first');
  expect(first.status).toBe(201);
  await waitFor(() => firstFrames.length >= 3, 'pictures from the first sender', 15_000);
  await waitFor(() => server.gateway.admission().pixelRate >= 320 * 180 * 5, 'the measured rate to reach the budget', 15_000);

  const refused = await postOffer(server, 'second');
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  expect(((await refused.json()) as { message: string }).message).toMatch(/decoded video is at [\d.]+ Mpixel\/s of 0\.3 Mpixel\/s/);
  expect(server.gateway.admission().refused).toEqual({ sessions: 0, pixel_rate: 1 });
  const before = firstFrames.length;
  await waitFor(() => firstFrames.length >= before + 5, 'the first sender to keep delivering pictures', 15_000);
}, 60_000);
