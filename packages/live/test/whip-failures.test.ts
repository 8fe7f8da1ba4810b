import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LiveFrame } from '../src/index.ts';
import { launchChromium, type TestBrowser } from './support/browser.ts';
import { CLOCK_CANVAS_SCRIPT } from './support/clock-barcode.ts';
import { startLiveServer, waitFor, type LiveServer } from './support/live-server.ts';
import { sendPlainWhip } from './support/whip-client.ts';

let browser: TestBrowser;
let server: LiveServer;
const problems: string[] = [];

beforeAll(async () => {
  // 640×360 pictures are allowed, anything larger is refused.
  server = await startLiveServer({ streams: { gone: 'key', silent: 'key', big: 'key', small: 'key', codec: 'key' }, maxPixels: 640 * 360, onProblem: (m) => problems.push(m) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function publish(streamId: string, options: Parameters<typeof sendPlainWhip>[3]): Promise<{ page: Page; status: number; body?: string }> {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/`);
  await page.addScriptTag({ content: CLOCK_CANVAS_SCRIPT });
  const result = await sendPlainWhip(page, `${server.url}/live/whip/${streamId}`, 'key', options);
  return { page, status: result.status, body: result.body };
}

function framesOf(streamId: string): LiveFrame[] {
  const frames: LiveFrame[] = [];
  server.gateway.subscribe(streamId, (frame) => frames.push(frame));
  return frames;
}

it('ends the session of a sender whose media stops (SF611) and frees the stream for the next publisher', async () => {
  const frames = framesOf('silent');
  const first = await publish('silent', { video: 'vp8' });
  expect(first.status).toBe(201);
  await waitFor(() => frames.length >= 3, 'frames from the first sender', 30_000);
  // The transport stays up (ICE, RTCP) but no media flows: as a crashed encoder or a frozen app.
  const stoppedAt = Date.now();
  await first.page.evaluate(() => (globalThis as any).whipPc.getSenders()[0].replaceTrack(null));
  await waitFor(() => server.gateway.status('silent').sessions === 0, 'the silent session to end', 15_000);
  console.info(`[whip failures] silent sender noticed after ${Date.now() - stoppedAt} ms`);
  expect(server.gateway.status('silent').lastError).toMatchObject({ code: 'SF611' });
  const next = await publish('silent', { video: 'vp8' });
  expect(next.status).toBe(201);
  await first.page.close();
  await next.page.close();
}, 60_000);

it('frees the stream when a sender vanishes without DELETE (page closed)', async () => {
  const frames = framesOf('gone');
  const first = await publish('gone', { video: 'h264' });
  expect(first.status).toBe(201);
  await waitFor(() => frames.length >= 3, 'frames from the first sender', 30_000);
  const goneAt = Date.now();
  await first.page.close();
  await waitFor(() => server.gateway.status('gone').sessions === 0, 'the vanished session to end', 15_000);
  console.info(`[whip failures] vanished sender noticed after ${Date.now() - goneAt} ms`);
  const next = await publish('gone', { video: 'vp8' });
  expect(next.status).toBe(201);
  await next.page.close();
}, 60_000);

it('refuses a picture above the pixel limit with SF612, ends that session and leaves other streams alone', async () => {
  const smallFrames = framesOf('small');
  const small = await publish('small', { video: 'vp8', width: 320, height: 180 });
  expect(small.status).toBe(201);
  await waitFor(() => smallFrames.length >= 3, 'frames of the small stream', 30_000);

  const bigFrames = framesOf('big');
  const big = await publish('big', { video: 'vp8', source: 'clock', width: 1280, height: 720 });
  expect(big.status).toBe(201);
  await waitFor(() => server.gateway.status('big').lastError?.code === 'SF612', 'the size refusal', 30_000);
  await waitFor(() => server.gateway.status('big').sessions === 0, 'the big session to end', 15_000);
  expect(server.gateway.status('big').lastError?.message).toMatch(/1280×720.*limit of 230400 pixels/);
  expect(bigFrames).toEqual([]);
  expect(problems.some((m) => m.startsWith('SF612 stream big'))).toBe(true);

  const before = smallFrames.length;
  await waitFor(() => smallFrames.length >= before + 5, 'the small stream to keep going', 30_000);
  expect(server.gateway.status('small').sessions).toBe(1);
  await small.page.close();
  await big.page.close();
}, 90_000);

it('refuses an offer whose video codec ffmpeg cannot decode with 415 SF613, and keeps nothing', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/`);
  const offer = await page.evaluate(async () => {
    const g = globalThis as any;
    const pc = new g.RTCPeerConnection();
    const stream = await g.navigator.mediaDevices.getUserMedia({ video: true });
    const transceiver = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
    transceiver.setCodecPreferences(g.RTCRtpSender.getCapabilities('video').codecs.filter((c: any) => c.mimeType === 'video/VP8'));
    await pc.setLocalDescription(await pc.createOffer());
    return pc.localDescription.sdp as string;
  });
  await page.close();
  // The same offer as a sender whose only codec is one this gateway lacks.
  const response = await fetch(`${server.url}/live/whip/codec`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp', Authorization: 'Bearer key' },
    body: offer.replace(/VP8\/90000/g, 'H265/90000'),
  });
  expect(response.status).toBe(415);
  const body = (await response.json()) as { code: string; message: string };
  expect(body.code).toBe('SF613');
  expect(body.message).toMatch(/offers h265; this gateway decodes VP8/);
  expect(server.gateway.status('codec').sessions).toBe(0);
}, 30_000);
