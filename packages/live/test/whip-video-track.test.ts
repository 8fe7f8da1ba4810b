import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LiveFrame } from '../src/index.ts';
import { launchChromium, type TestBrowser } from './support/browser.ts';
import { sendPlainWhipVideo } from './support/whip-client.ts';
import { startLiveServer, waitFor, type LiveServer } from './support/live-server.ts';

let browser: TestBrowser;
let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer({ streams: { obs: 'obs-key' } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it.each([
  ['VP8', 'vp8'],
  ['H.264', 'h264'],
] as const)('ingests a standard WHIP sender (plain RTCPeerConnection, %s track, no SDK) and decodes its frames', async (_name, codec) => {
  const frames: LiveFrame[] = [];
  const unsubscribe = server.gateway.subscribe('obs', (frame) => frames.push(frame));
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/`);
  const status = await sendPlainWhipVideo(page, `${server.url}/live/whip/obs`, 'obs-key', codec);
  expect(status).toMatchObject({ status: 201, location: expect.stringMatching(/^\/live\/whip\/obs\/[0-9a-f-]{36}$/) });
  expect(status.negotiated?.toLowerCase()).toBe(codec);

  await waitFor(() => frames.length >= 5, `5 decoded ${codec} frames`, 20_000);
  const [first] = frames;
  expect(first.encoding).toBe('raw');
  expect(first.width).toBeGreaterThan(0);
  expect(first.height).toBeGreaterThan(0);
  expect(first.data.byteLength).toBe(first.width * first.height * 3);
  expect(frames.map((f) => f.seq).slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
  // Chromium's fake camera draws a green pacman on green: a decoded frame is mostly green.
  const [r, g, b] = channelMeans(frames.at(-1)!.data);
  expect(g).toBeGreaterThan(2 * r);
  expect(g).toBeGreaterThan(2 * b);
  expect(server.gateway.status('obs').state).toBe('live');

  const ended = await page.evaluate(async (location) => {
    const response = await fetch(location, { method: 'DELETE', headers: { Authorization: 'Bearer obs-key' } });
    (globalThis as any).whipPc.close();
    return response.status;
  }, (status as { location: string }).location);
  expect(ended).toBe(200);
  expect(server.gateway.status('obs').sessions).toBe(0);
  unsubscribe();
  await page.close();
});

function channelMeans(rgb: Buffer): [number, number, number] {
  const sums = [0, 0, 0];
  for (let i = 0; i < rgb.byteLength; i += 3) {
    sums[0] += rgb[i];
    sums[1] += rgb[i + 1];
    sums[2] += rgb[i + 2];
  }
  const pixels = rgb.byteLength / 3;
  return [sums[0] / pixels, sums[1] / pixels, sums[2] / pixels];
}
