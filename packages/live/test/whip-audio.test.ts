import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AudioBlock } from '@showflow/nodes/sdk';
import { createHarness } from '@showflow/nodes/harness';
import { capture } from '../src/nodes/capture.ts';
import { createLiveService } from '../src/nodes/live-service.ts';
import type { LiveAudio, LiveFrame } from '../src/index.ts';
import { launchChromium, type TestBrowser } from './support/browser.ts';
import { openSdkPage } from './support/page.ts';
import { startLiveServer, waitFor, type LiveServer } from './support/live-server.ts';
import { sendPlainWhip } from './support/whip-client.ts';
import { analyseTone } from './support/tone-analysis.ts';

let browser: TestBrowser;
let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer({ streams: { av: 'key', voice: 'key', sdk: 'key' } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function endSession(page: import('playwright-core').Page, location: string): Promise<number> {
  return page.evaluate(async (location) => {
    const response = await fetch(location, { method: 'DELETE', headers: { Authorization: 'Bearer key' } });
    (globalThis as any).whipPc.close();
    return response.status;
  }, location);
}

it('receives an Opus tone next to a video track as 10 ms 48 kHz blocks at the tone’s frequency', async () => {
  const blocks: LiveAudio[] = [];
  const frames: LiveFrame[] = [];
  // Age when each block or picture reaches a subscriber (the readout, not an assertion).
  const audioAges: number[] = [];
  const videoAges: number[] = [];
  const stopAudio = server.gateway.subscribeAudio('av', (block) => {
    blocks.push(block);
    audioAges.push(Date.now() - block.captureTs);
  });
  const stopVideo = server.gateway.subscribe('av', (frame) => {
    frames.push(frame);
    videoAges.push(Date.now() - frame.captureTs);
  });
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/`);
  const result = await sendPlainWhip(page, `${server.url}/live/whip/av`, 'key', { video: 'vp8', toneHz: 440 });
  expect(result).toMatchObject({ status: 201, negotiated: 'VP8', negotiatedAudio: 'opus' });
  await waitFor(() => blocks.length >= 150 && frames.length >= 5, '1.5 s of audio and 5 video frames', 30_000);
  stopAudio();
  stopVideo();

  expect(blocks.every((b) => b.sampleRate === 48_000 && b.channels === 2 && b.samples.length === 960)).toBe(true);
  expect(blocks.map((b) => b.seq).slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
  const jumps = blocks.filter((b, i) => i > 0 && Math.abs(b.captureTs - blocks[i - 1].captureTs - 10) >= 1).map((b) => `${b.seq}${b.clock[0]}:${(b.captureTs - blocks[b.seq - 1].captureTs).toFixed(1)}`);
  const { rms, peakHz } = analyseTone(blocks.slice(-50));
  console.info(`[whip audio] ${blocks.length} blocks, rms ${rms.toFixed(3)}, peak ${peakHz} Hz, clock ${blocks.at(-1)!.clock}, gaps ${jumps.join(' ') || 'none'}, age on arrival p50/p95 audio ${agePercentiles(audioAges.slice(-100))} ms, video ${agePercentiles(videoAges.slice(-30))} ms`);
  // Blocks follow each other by 10 ms of capture time; a new sender report may move the
  // mapping by a few ms (the sender's RTP and wall clocks drift), and the switch from arrival
  // to sender clock is not a step.
  const steps = blocks.slice(1).filter((b) => b.clock === blocks[b.seq - 1].clock).map((b) => Math.abs(b.captureTs - blocks[b.seq - 1].captureTs - 10));
  expect(steps.filter((step) => step < 1).length).toBeGreaterThanOrEqual(0.9 * steps.length);
  expect(Math.max(...steps)).toBeLessThan(40);
  expect(rms).toBeGreaterThan(0.05);
  expect(Math.abs(peakHz - 440)).toBeLessThanOrEqual(10);
  expect(Math.abs(Date.now() - blocks.at(-1)!.captureTs)).toBeLessThan(3000);
  expect(await endSession(page, result.location!)).toBe(200);
  await page.close();
}, 60_000);

it('accepts an audio-only offer and the capture node emits its blocks on the audio port', async () => {
  const live = createLiveService(server.gateway, server.hub);
  const node = await createHarness(capture, { config: { streamId: 'voice' }, services: { live } });
  await node.tick();
  node.clear();
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/`);
  const result = await sendPlainWhip(page, `${server.url}/live/whip/voice`, 'key', { toneHz: 660 });
  expect(result).toMatchObject({ status: 201, negotiatedAudio: 'opus' });
  expect(result.negotiated).toBeUndefined();
  await waitFor(() => node.outputs('audio').length >= 100, '1 s of audio from the capture node', 30_000);
  const blocks = node.outputs('audio') as AudioBlock[];
  expect(blocks[0]).toMatchObject({ sampleRate: 48_000, channels: 2, seq: 0 });
  expect(blocks[0].id).toMatch(/#0$/);
  expect(['sender', 'arrival']).toContain(blocks[0].clock);
  const { rms, peakHz } = analyseTone(blocks.slice(-50));
  expect(rms).toBeGreaterThan(0.05);
  expect(Math.abs(peakHz - 660)).toBeLessThanOrEqual(10);
  expect(await endSession(page, result.location!)).toBe(200);
  await node.dispose();
  await page.close();
}, 60_000);

it('sends the capture SDK’s microphone as Opus next to its frames', async () => {
  const blocks: LiveAudio[] = [];
  const frames: LiveFrame[] = [];
  const stopAudio = server.gateway.subscribeAudio('sdk', (block) => blocks.push(block));
  const stopVideo = server.gateway.subscribe('sdk', (frame) => frames.push(frame));
  const page = await openSdkPage(browser.context, server.url);
  await page.evaluate(async (url) => {
    const g = globalThis as any;
    g.session = await g.sdk.startCapture({ server: url, streamId: 'sdk', token: 'key', source: { kind: 'camera' }, width: 320, height: 180, fps: 10, transport: 'webrtc', microphone: true });
  }, server.url);
  // Chromium's fake microphone beeps about once a second: wait for one.
  await waitFor(() => frames.length >= 5 && blocks.some((b) => rmsOf(b.samples) > 0.01), 'frames and a beep from the SDK sender', 30_000);
  stopAudio();
  stopVideo();
  expect(frames[0].encoding).toBe('jpeg');
  expect(blocks[0]).toMatchObject({ sampleRate: 48_000, channels: 2 });
  expect(await page.evaluate(() => (globalThis as any).session.stats().audio)).toBe(true);
  await page.evaluate(() => (globalThis as any).session.stop());
  await waitFor(() => server.gateway.status('sdk').sessions === 0, 'the SDK session to end');
  await page.close();
}, 60_000);

function agePercentiles(ages: number[]): string {
  const sorted = [...ages].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return `${at(50).toFixed(0)}/${at(95).toFixed(0)}`;
}

function rmsOf(samples: Float32Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return Math.sqrt(sum / samples.length);
}
