/**
 * The program to audiences, measured side by side in one run on the real runtime:
 * - glass-to-glass at 720p30 over standard WHEP (one H.264 encode, RTP fanned out) against
 *   the JPEG data-channel viewer path (`showflow.viewer-output`), the same sender for both:
 *   a Chromium page draws the time into every frame and sends it with the capture SDK; the
 *   viewer Chromium reads the time back from the picture it shows;
 * - bits per second each viewer receives, both ways;
 * - HLS glass-to-glass with hls.js on the same encode;
 * - how many WHEP viewers the runtime serves from one core (see program-out-crowd.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { CLOCK_CANVAS_SCRIPT, launchChromium, openSdkPage, startSdkPageServer, type PageServer, type TestBrowser } from '@showflow/live/testing';
import { formatFigures, medianFigures, type GoalFigures } from '../packages/live/bench/goal-runs.ts';
import { startRuntimeProcess, type RuntimeProcess } from '../packages/live/bench/runtime-client.ts';
import { benchPipeline } from '../packages/live/bench/runtime-stack.ts';
import { ADDED_P95_LIMIT_MS, knee, rampViewers, type CrowdStep } from './program-out-crowd.ts';
import { bytesReceived, preparePage, receiverShare, setMeasuring, takeClockFigures, videoReceiverTotals, watchHls, watchJpeg, watchWhep, type ReceiverShare } from './program-out-pages.ts';
import type { ProgramRuntimeOps, ReceiverOps } from './program-out-protocol.ts';
import { pageClockOffset } from '../packages/live/bench/page-clock.ts';
import { contentBits, writeCameraLikeClip, type ContentBits } from './program-out-content-bits.ts';
import { median } from './stats.ts';
import type { BenchResult } from './types.ts';

const WIDTH = 1280;
const HEIGHT = 720;
const FPS = 30;
const QUALITY = 0.7;
const VIDEO_KBPS = 2500;
const STREAM_ID = 'program-bench';
const WARMUP_MS = 3000;
const MEASURE_MS = 10_000;
const HLS_WARMUP_MS = 8000;
const ROUNDS = 3;
const CONTENT_SECONDS = 5;
const GOAL = { p50Ms: 120, p95Ms: 200, mbit: 3, lessThanJpeg: 10, viewers: 50, hlsMs: 3000 } as const;

type Path = 'whep' | 'jpeg' | 'hls';

interface PathRun extends GoalFigures {
  mbit: number;
  unreadable: number;
  /** WHEP only: the player's own share of the latency, and the picture's share of the bits. */
  receiver?: ReceiverShare;
  videoMbit?: number;
}

const node = (id: string, type: string, config: Record<string, unknown>, x: number) => ({ id, type, typeVersion: 1, config, position: { x, y: 0 } });

/** The crowd's clip, looped: long enough that no reference picture repeats. */
const CROWD_CLIP_SECONDS = 2;
const CROWD_CLIP_PRESET = 'ultrafast';

/**
 * What feeds program out: the sender's capture; for the crowd, studio graphics (a flat
 * synthetic picture, like the clock canvas the other rows measure), or a camera-like clip
 * (texture and sensor grain, as JPEG files a capture device would send, decoded per
 * picture as a camera's are). The clip's encode runs at the bitrate ceiling, as a camera's
 * does, so each viewer costs the fan-out what a camera show's does; it uses x264's cheapest
 * preset: one encode costs the same for one viewer or two hundred, and what it saves goes to
 * the receivers, which share this machine's two cores.
 */
type ProgramSource = { capture: string } | { graphics: true } | { clipFolder: string };

function programPipeline(id: string, source: ProgramSource) {
  const camera =
    'capture' in source
      ? node('camera', 'showflow.capture', { streamId: source.capture, width: WIDTH, height: HEIGHT, fps: FPS }, 0)
      : 'graphics' in source
        ? node('camera', 'showflow.synthetic-capture', { width: WIDTH, height: HEIGHT, fps: FPS, noise: 0 }, 0)
        : node('camera', 'showflow.image-sequence', { folder: source.clipFolder, fps: FPS, loop: true }, 0);
  const encoding = { width: WIDTH, height: HEIGHT, fps: FPS, videoKbps: VIDEO_KBPS, ...('clipFolder' in source ? { preset: CROWD_CLIP_PRESET } : {}) };
  return {
    schemaVersion: 1 as const,
    id,
    name: `Program out (${Object.keys(source)[0]})`,
    nodes: [camera, node('program', 'showflow.program-out', encoding, 300)],
    edges: [{ id: 'e1', from: { node: 'camera', port: 'frame' }, to: { node: 'program', port: 'frame' } }],
  };
}

export default async function programOut(): Promise<BenchResult> {
  const loads: string[] = [`start ${os.loadavg()[0].toFixed(1)}`];
  const runtime = await startRuntimeProcess<ProgramRuntimeOps>(new URL('./program-out-runtime.ts', import.meta.url));
  const pages = await startSdkPageServer();
  const senderBrowser = await launchChromium();
  const viewerBrowser = await launchChromium();
  const crowds: Crowds = { graphics: [], camera: [] };
  const runs: Record<Path, PathRun[]> = { whep: [], jpeg: [], hls: [] };
  const crowdClip = await mkdtemp(path.join(os.tmpdir(), 'showflow-crowd-clip-'));
  try {
    const token = await runtime.call('createStream', STREAM_ID);
    const sender = await startClockSender(senderBrowser, pages, runtime.url, token);
    await runtime.call('deploy', benchPipeline('po-jpeg', STREAM_ID, WIDTH, HEIGHT, FPS, 'transport'));
    await runtime.call('deploy', programPipeline('po-whep', { capture: STREAM_ID }));
    // Alternating rounds, so a slow stretch of the shared host meets both paths alike.
    for (let round = 0; round < ROUNDS; round++) {
      runs.jpeg.push(await measurePath(viewerBrowser, sender, pages, `${runtime.url}/live/whep/po-jpeg`, 'jpeg'));
      runs.whep.push(await measurePath(viewerBrowser, sender, pages, `${runtime.url}/live/program/po-whep/whep`, 'whep'));
    }
    runs.hls.push(await measurePath(viewerBrowser, sender, pages, `${runtime.url}/live/program/po-whep/hls/index.m3u8`, 'hls'));
    loads.push(`after glass-to-glass ${os.loadavg()[0].toFixed(1)}`);
    await sender.close();
    await runtime.call('deletePipeline', 'po-jpeg');
    await runtime.call('deletePipeline', 'po-whep');

    // The crowds: no browsers left running, receivers in their own process.
    await writeCameraLikeClip(crowdClip, WIDTH, HEIGHT, FPS, CROWD_CLIP_SECONDS);
    const sources: Record<keyof Crowds, ProgramSource> = { graphics: { graphics: true }, camera: { clipFolder: crowdClip } };
    for (const kind of ['graphics', 'camera'] as const) {
      const pipelineId = `po-crowd-${kind}`;
      await runtime.call('deploy', programPipeline(pipelineId, sources[kind]));
      const receivers = await startRuntimeProcess<ReceiverOps>(new URL('./program-out-receivers.ts', import.meta.url));
      try {
        crowds[kind] = await rampViewers(runtime, receivers, pipelineId, `${runtime.url}/live/program/${pipelineId}/whep`);
      } finally {
        await receivers.close();
      }
      await runtime.call('deletePipeline', pipelineId);
      loads.push(`after the ${kind} crowd ${os.loadavg()[0].toFixed(1)}`);
    }
  } finally {
    await senderBrowser.close();
    await viewerBrowser.close();
    await pages.close();
    await runtime.close();
    await rm(crowdClip, { recursive: true, force: true });
  }
  const content = await contentBits(WIDTH, HEIGHT, FPS, VIDEO_KBPS, CONTENT_SECONDS);
  return report(runs, crowds, loads, content);
}

/** Viewers ramped on a studio-graphics program, and on a camera-like one at the bitrate ceiling. */
interface Crowds {
  graphics: CrowdStep[];
  camera: CrowdStep[];
}

const crowdRows = (label: string, steps: CrowdStep[]) =>
  steps.map((s) => ({
    metric: `${label}, ${s.viewers} WHEP viewers: added p50 / p95 ms, delivered, program fps, runtime CPU, receivers' CPU, machine busy, Mbit/s each`,
    value: `${s.addedP50.toFixed(1)} / ${s.addedP95.toFixed(1)}; ${(s.delivered * 100).toFixed(1)} %; ${s.programFps.toFixed(1)}; ${s.runtimeCpuPercent.toFixed(0)} %; ${s.receiversCpuPercent.toFixed(0)} %; ${s.machineBusyPercent.toFixed(0)} %; ${s.mbitPerViewer.toFixed(2)}${s.ok ? '' : ' (broken)'}`,
  }));

async function startClockSender(browser: TestBrowser, pages: PageServer, server: string, token: string): Promise<Page> {
  const page = await openSdkPage(browser.context, pages.url);
  await page.addScriptTag({ content: CLOCK_CANVAS_SCRIPT });
  await page.evaluate(
    async ({ server, token, streamId, width, height, fps, quality }) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const g = globalThis as any;
      const stream = g.startClockCanvas(width, height, fps);
      g.session = await g.sdk.startCapture({ server, streamId, token, source: { kind: 'stream', stream }, width, height, fps, quality, transport: 'webrtc' });
    },
    { server, token, streamId: STREAM_ID, width: WIDTH, height: HEIGHT, fps: FPS, quality: QUALITY },
  );
  return page;
}

async function measurePath(browser: TestBrowser, sender: Page, pages: PageServer, url: string, path: Path): Promise<PathRun> {
  const page = await openSdkPage(browser.context, pages.url);
  try {
    await preparePage(page);
    // The sender draws Date.now(); the viewer reads with timeOrigin + now: their offset comes out of every latency.
    const readCorrection = async () => (await pageClockOffset(sender, 'date-now')).offsetMs - (await pageClockOffset(page, 'time-origin')).offsetMs;
    const correctionBefore = await readCorrection();
    if (path === 'whep') await watchWhep(page, url);
    else if (path === 'jpeg') await watchJpeg(page, url);
    else await watchHls(page, url);
    await sleep(path === 'hls' ? HLS_WARMUP_MS : WARMUP_MS);
    const bytesBefore = await bytesReceived(page);
    const totalsBefore = path === 'whep' ? await videoReceiverTotals(page) : undefined;
    await setMeasuring(page, true);
    const started = Date.now();
    await sleep(MEASURE_MS);
    await setMeasuring(page, false);
    const seconds = (Date.now() - started) / 1000;
    // HLS arrives over fetch, not a peer connection: its bytes are not a per-viewer stream cost here.
    const mbit = path === 'hls' ? NaN : (((await bytesReceived(page)) - bytesBefore) * 8) / seconds / 1e6;
    const clockCorrectionMs = (correctionBefore + (await readCorrection())) / 2;
    const receiver = totalsBefore ? receiverShare(totalsBefore, await videoReceiverTotals(page)) : undefined;
    const clock = await takeClockFigures(page, seconds, clockCorrectionMs);
    const videoMbit = receiver ? (receiver.videoBytes * 8) / seconds / 1e6 : undefined;
    const run = { latencyP50: clock.p50, latencyP95: clock.p95, deliveredFps: clock.fps, mbit, unreadable: clock.unreadable, receiver, videoMbit };
    console.log(`  ${path}: ${formatFigures(run)} (p50 ms / p95 ms / fps), ${mbit.toFixed(2)} Mbit/s, ${clock.unreadable} unreadable, clock correction ${clockCorrectionMs.toFixed(1)} ms, load ${os.loadavg()[0].toFixed(1)}${receiver ? `, ${formatReceiver(receiver)}` : ''}`);
    return run;
  } finally {
    await page.close();
  }
}

const formatReceiver = (r: ReceiverShare) =>
  `jitter buffer ${r.jitterBufferMs.toFixed(1)} ms, decode ${r.decodeMs.toFixed(1)} ms, arrival to decoded ${r.processingMs.toFixed(1)} ms, ${r.framesDropped} dropped`;

function report(runs: Record<Path, PathRun[]>, crowds: Crowds, loads: string[], content: ContentBits[]): BenchResult {
  const whep = { ...medianFigures(runs.whep), mbit: median(runs.whep.map((r) => r.mbit)), videoMbit: median(runs.whep.map((r) => r.videoMbit ?? NaN)) };
  const player = (key: 'jitterBufferMs' | 'decodeMs') => median(runs.whep.map((r) => r.receiver?.[key] ?? NaN));
  const jpeg = { ...medianFigures(runs.jpeg), mbit: median(runs.jpeg.map((r) => r.mbit)) };
  const hls = runs.hls[0];
  const served = knee(crowds.graphics);
  const lessThanJpeg = jpeg.mbit / whep.mbit;
  const checks = {
    whepLatency: whep.latencyP50 <= GOAL.p50Ms && whep.latencyP95 <= GOAL.p95Ms,
    whepBitrate: whep.mbit <= GOAL.mbit && lessThanJpeg >= GOAL.lessThanJpeg,
    viewers: served >= GOAL.viewers,
    hls: hls !== undefined && hls.latencyP50 <= GOAL.hlsMs,
  };
  const missed = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
  return {
    title: 'Program out: WHEP and HLS against the JPEG data-channel viewer (glass-to-glass, bits per viewer, viewers per core)',
    method:
      `A Chromium sender draws the time into a ${WIDTH}×${HEIGHT} canvas at ${FPS} fps and sends it with the capture SDK (JPEG q${QUALITY}, WebRTC data channel) to the runtime (own process, live + program-out modules). ` +
      `Baseline: capture → showflow.viewer-output → the SDK's JPEG data-channel viewer. Measured: capture → showflow.program-out (H.264 constrained baseline veryfast at its default constant quality under a ${VIDEO_KBPS} kbit/s ceiling, decision 0098; Opus; 1 s GOP) → a plain RTCPeerConnection WHEP player, and hls.js on the same encode's HLS. ` +
      `A second Chromium shows each path and reads the time back from every shown frame (requestVideoFrameCallback's display time for <video>, draw time for the JPEG canvas). ` +
      `${ROUNDS} alternating ${MEASURE_MS / 1000} s rounds per path after ${WARMUP_MS / 1000} s warm-up (HLS: one round after ${HLS_WARMUP_MS / 1000} s); figures are medians over rounds. Bits per viewer are the viewer's transport bytes received (WHEP: picture, sound and RTCP; the JPEG path carries no sound). The WHEP player's jitter buffer and decode times are its inbound-rtp statistics over the round; the program output asks players to hold no picture (playout delay 0, decision 0093). ` +
      `The clock canvas is flat, which JPEG compresses unusually well; two more ${CONTENT_SECONDS} s clips, camera-like (ffmpeg testsrc2 with temporal noise) and studio graphics (testsrc), go through each path's own encoder (viewer-output's TurboJPEG at its default quality, program-out's x264 arguments), with each decoded picture's PSNR against its source. ` +
      `Viewers per core: werift receivers in a separate process join a 720p30 program in steps, twice: studio graphics (showflow.synthetic-capture without noise, flat as the clock canvas; the goal is judged here, as the bits are) and camera-like at the bitrate ceiling (the clip above, ${CROWD_CLIP_SECONDS} s looped, played from JPEG files as a capture device sends them; x264 ${CROWD_CLIP_PRESET}: one encode whatever the crowd, leaving CPU to the receivers). Added delay is encoder-to-fan-out handoff (tapped in the runtime) to arrival at each receiver, per video packet; machine busy is the whole machine's CPU from /proc/stat.`,
    rows: [
      { metric: 'WHEP rounds: p50 ms / p95 ms / fps', value: runs.whep.map(formatFigures).join('; ') },
      { metric: 'JPEG data channel rounds: p50 ms / p95 ms / fps', value: runs.jpeg.map(formatFigures).join('; ') },
      { metric: 'WHEP glass-to-glass p50 / p95 (median of rounds)', value: `${whep.latencyP50.toFixed(0)} / ${whep.latencyP95.toFixed(0)}`, unit: 'ms' },
      { metric: 'JPEG glass-to-glass p50 / p95 (median of rounds)', value: `${jpeg.latencyP50.toFixed(0)} / ${jpeg.latencyP95.toFixed(0)}`, unit: 'ms' },
      { metric: 'WHEP latency ÷ JPEG latency (p50)', value: whep.latencyP50 / jpeg.latencyP50 },
      { metric: 'WHEP / JPEG frames shown per second', value: `${whep.deliveredFps.toFixed(1)} / ${jpeg.deliveredFps.toFixed(1)}` },
      { metric: 'bits per viewer: WHEP / JPEG', value: `${whep.mbit.toFixed(2)} / ${jpeg.mbit.toFixed(2)}`, unit: 'Mbit/s' },
      { metric: 'JPEG bits ÷ WHEP bits per viewer', value: lessThanJpeg },
      { metric: 'WHEP picture alone (RTP video) per viewer; JPEG bits ÷ WHEP picture bits', value: `${whep.videoMbit.toFixed(2)} Mbit/s; ${(jpeg.mbit / whep.videoMbit).toFixed(1)}` },
      ...content.map((c) => ({
        metric: `${c.clip}, through each path’s encoder: picture Mbit/s JPEG viewer (q75) / WHEP H.264, ratio; PSNR against the source`,
        value: `${c.jpeg.mbit.toFixed(1)} / ${c.h264.mbit.toFixed(2)} Mbit/s, ${(c.jpeg.mbit / c.h264.mbit).toFixed(1)}×; ${c.jpeg.psnrDb.toFixed(1)} / ${c.h264.psnrDb.toFixed(1)} dB`,
      })),
      { metric: 'WHEP player: jitter buffer / decode per frame (median of rounds)', value: `${player('jitterBufferMs').toFixed(1)} / ${player('decodeMs').toFixed(1)}`, unit: 'ms' },
      { metric: 'HLS (hls.js) glass-to-glass p50 / p95; frames shown per second', value: hls ? `${hls.latencyP50.toFixed(0)} / ${hls.latencyP95.toFixed(0)} ms; ${hls.deliveredFps.toFixed(1)} fps` : 'not measured' },
      ...crowdRows('studio graphics', crowds.graphics),
      { metric: `studio graphics: WHEP viewers served with p95 added delay < ${ADDED_P95_LIMIT_MS} ms and the program at its frame rate (knee)`, value: served },
      ...crowdRows('camera-like at the ceiling', crowds.camera),
      { metric: `camera-like at the ceiling: WHEP viewers served with p95 added delay < ${ADDED_P95_LIMIT_MS} ms and the program at its frame rate (knee)`, value: knee(crowds.camera) },
    ],
    goal: `WHEP 720p30 p50 ≤ ${GOAL.p50Ms} ms, p95 ≤ ${GOAL.p95Ms} ms at ≤ ${GOAL.mbit} Mbit/s per viewer (≥ ${GOAL.lessThanJpeg}× less than JPEG); ≥ ${GOAL.viewers} viewers on one core; HLS ≤ ${GOAL.hlsMs / 1000} s`,
    met: missed.length === 0,
    notes:
      `${missed.length ? `Not met: ${missed.join(', ')}. ` : ''}Load average (1 min) ${loads.join(', ')} on ${os.cpus().length} cores; sender, viewer, runtime, ffmpeg and the receivers share them. ` +
      'A crowd step counts as broken when p95 added delay reaches the limit, fewer than 98 % of packets arrive or the program is encoded at under 95 % of its frame rate with one viewer; when the receivers\' process is near 100 % or the machine is near fully busy, the break is the test rig\'s, not the runtime\'s core.',
  };
}
