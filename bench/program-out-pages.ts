/**
 * The benchmark's viewer pages. Every path reads the same clock (CLOCK_CANVAS_SCRIPT, drawn
 * into the sender's frames) back from the picture it shows: each presented frame is drawn
 * into an 80×64 canvas and its luma kept with the time it was shown; the clock is decoded
 * afterwards with readClockBarcode. Bytes are the viewer's transport bytes received.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { percentile } from '@showflow/capture-sdk/wire';
import { readClockBarcode } from '@showflow/live/testing';

// Page functions run in Chromium; this file is typechecked without relying on DOM globals.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const MAX_PLAUSIBLE_MS = 60_000;
const READ_W = 80;
const READ_H = 64;

/** Page script: `clockReader.record(source)` keeps a small luma copy of what is shown now. */
const CLOCK_READER_SCRIPT = `
globalThis.clockReader = (() => {
  const canvas = document.createElement('canvas');
  canvas.width = ${READ_W};
  canvas.height = ${READ_H};
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const samples = [];
  const peers = [];
  const Native = globalThis.RTCPeerConnection;
  globalThis.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); peers.push(this); }
  };
  return {
    measuring: false,
    record(source, at) {
      if (!this.measuring) return;
      ctx.drawImage(source, 0, 0, ${READ_W}, ${READ_H});
      const rgba = ctx.getImageData(0, 0, ${READ_W}, ${READ_H}).data;
      let luma = '';
      for (let i = 0; i < rgba.length; i += 4) luma += String.fromCharCode(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
      samples.push([at, btoa(luma)]);
    },
    take() { return samples.splice(0); },
    async videoReceiverTotals() {
      const totals = { jitterBufferDelay: 0, jitterBufferEmittedCount: 0, totalDecodeTime: 0, framesDecoded: 0, framesDropped: 0, totalProcessingDelay: 0, bytesReceived: 0, headerBytesReceived: 0 };
      for (const pc of peers) (await pc.getStats()).forEach((r) => {
        if (r.type !== 'inbound-rtp' || r.kind !== 'video') return;
        for (const key of Object.keys(totals)) totals[key] += r[key] ?? 0;
      });
      return totals;
    },
    async bytesReceived() {
      let total = 0;
      for (const pc of peers) (await pc.getStats()).forEach((r) => { if (r.type === 'transport') total += r.bytesReceived; });
      return total;
    },
  };
})();
`;

/** Shown-time per frame on a <video> (WHEP or HLS), from requestVideoFrameCallback. */
const VIDEO_RECORDER = `
globalThis.recordVideo = (video) => {
  const onFrame = (_, meta) => {
    clockReader.record(video, performance.timeOrigin + meta.expectedDisplayTime);
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
};
`;

export async function preparePage(page: Page): Promise<void> {
  await page.addScriptTag({ content: CLOCK_READER_SCRIPT + VIDEO_RECORDER });
}

/** A plain WHEP player (receive-only transceivers, the answer from one POST). */
export async function watchWhep(page: Page, endpoint: string): Promise<void> {
  await page.evaluate(async (endpoint) => {
    const g = globalThis as Any;
    const pc = new g.RTCPeerConnection();
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const stream = new g.MediaStream();
    pc.ontrack = (e: Any) => stream.addTrack(e.track);
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
      setTimeout(resolve, 3000);
    });
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
    if (response.status !== 201) throw new Error(`WHEP answered ${response.status}: ${await response.text()}`);
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    const video = g.document.createElement('video');
    Object.assign(video, { muted: true, autoplay: true, playsInline: true, srcObject: stream });
    g.document.body.append(video);
    g.recordVideo(video);
  }, endpoint);
}

/** The JPEG data-channel viewer (capture SDK `watch`), drawing each frame as the watch page does. */
export async function watchJpeg(page: Page, endpoint: string): Promise<void> {
  await page.evaluate(async (endpoint) => {
    const g = globalThis as Any;
    const canvas = g.document.createElement('canvas');
    g.document.body.append(canvas);
    const ctx = canvas.getContext('2d');
    g.viewer = await g.sdk.watch(endpoint, (frame: Any) => {
      if (canvas.width !== frame.image.width) canvas.width = frame.image.width;
      if (canvas.height !== frame.image.height) canvas.height = frame.image.height;
      ctx.drawImage(frame.image, 0, 0);
      g.clockReader.record(frame.image, performance.timeOrigin + performance.now());
    });
  }, endpoint);
}

const HLS_JS = createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js');

/** hls.js on a <video>, set for low delay the way the watch page falls back to it. */
export async function watchHls(page: Page, playlist: string): Promise<void> {
  await page.addScriptTag({ path: HLS_JS });
  await page.evaluate((url) => {
    const g = globalThis as Any;
    const video = g.document.createElement('video');
    Object.assign(video, { muted: true, autoplay: true, playsInline: true });
    g.document.body.append(video);
    const hls = new g.Hls({ lowLatencyMode: true, liveSyncDurationCount: 1, liveMaxLatencyDurationCount: 3 });
    hls.loadSource(url);
    hls.attachMedia(video);
    g.recordVideo(video);
  }, playlist);
}

export const setMeasuring = (page: Page, on: boolean) => page.evaluate((on) => ((globalThis as Any).clockReader.measuring = on), on);
export const bytesReceived = (page: Page): Promise<number> => page.evaluate(() => (globalThis as Any).clockReader.bytesReceived());

/** Where a WHEP viewer's own time goes, per frame, from its inbound-rtp statistics. */
export interface ReceiverShare {
  jitterBufferMs: number;
  decodeMs: number;
  /** Arrival of a frame's first packet to the decoder's output (jitter buffer and decode together). */
  processingMs: number;
  framesDropped: number;
  /** RTP bytes (headers included) of the picture alone. */
  videoBytes: number;
}

type ReceiverTotals = Record<
  'jitterBufferDelay' | 'jitterBufferEmittedCount' | 'totalDecodeTime' | 'framesDecoded' | 'framesDropped' | 'totalProcessingDelay' | 'bytesReceived' | 'headerBytesReceived',
  number
>;

export const videoReceiverTotals = (page: Page): Promise<ReceiverTotals> => page.evaluate(() => (globalThis as Any).clockReader.videoReceiverTotals());

/** The per-frame means between two readings of videoReceiverTotals. */
export function receiverShare(before: ReceiverTotals, after: ReceiverTotals): ReceiverShare {
  const d = (key: keyof ReceiverTotals) => after[key] - before[key];
  return {
    jitterBufferMs: (d('jitterBufferDelay') / Math.max(1, d('jitterBufferEmittedCount'))) * 1000,
    decodeMs: (d('totalDecodeTime') / Math.max(1, d('framesDecoded'))) * 1000,
    processingMs: (d('totalProcessingDelay') / Math.max(1, d('framesDecoded'))) * 1000,
    framesDropped: d('framesDropped'),
    videoBytes: d('bytesReceived') + d('headerBytesReceived'),
  };
}

export interface ClockFigures {
  p50: number;
  p95: number;
  /** Frames shown per second whose clock could be read. */
  fps: number;
  unreadable: number;
}

/** Decodes the kept pictures' clocks: latency = time shown − time drawn into the source. */
/** `correctionMs`: sender clock minus viewer clock, added to each (viewer − sender) reading. */
export async function takeClockFigures(page: Page, seconds: number, correctionMs: number): Promise<ClockFigures> {
  const samples: [number, string][] = await page.evaluate(() => (globalThis as Any).clockReader.take());
  const latencies: number[] = [];
  let unreadable = 0;
  for (const [viewerShownAt, luma] of samples) {
    const shownAt = viewerShownAt + correctionMs;
    const sentAt = readClockBarcode(Buffer.from(luma, 'base64'), READ_W, READ_H);
    // The 6-bit checksum lets about one misread in 64 through: a clock from the future or
    // from over a minute ago is such a misread, not a latency.
    if (sentAt === undefined || shownAt - sentAt < -5 || shownAt - sentAt > MAX_PLAUSIBLE_MS) unreadable++;
    else latencies.push(shownAt - sentAt);
  }
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), fps: latencies.length / seconds, unreadable };
}
