/**
 * Glass-to-glass latency of plain WHIP senders (no SDK) through the real runtime: a Chromium
 * page draws its send time into a 1280×720 canvas at 30 fps and sends it as one VP8 or H.264
 * video track; the runtime decodes it with ffmpeg to I420 and runs the live show's chain
 * (capture → denoise → compose) into viewer output; a second Chromium watches, reads the send
 * time back from each drawn picture and takes its age. The same senders are also watched
 * through program out with a plain WHEP player. The capture SDK's JPEG path runs in the same
 * runtime, on the same chain, as the baseline for latency and the runtime's CPU per frame.
 */
import os from 'node:os';
import type { BenchResult } from '../../../bench/types.ts';
import { launchChromium, startSdkPageServer } from '../test/support/index.ts';
import { cpuPerFrame, formatLimited, FPS, measure, MEASURE_MS, STREAM_ID, type RunFigures } from './glass-to-glass.ts';
import { formatFigures } from './goal-runs.ts';
import { sdkJpegSender, whipSender } from './live-sender.ts';
import { startRuntimeProcess } from './runtime-client.ts';

const WIDTH = 1280;
const HEIGHT = 720;
const QUALITY = 0.7;
const GOAL = { p50Ms: 100, p95Ms: 150, fps: 29 } as const;

const meets = (r: RunFigures) => r.latencyP50 <= GOAL.p50Ms && r.latencyP95 <= GOAL.p95Ms && r.deliveredFps >= GOAL.fps;
/** Runtime CPU (with its decoder processes) in ms per frame it received. */
const runtimeMsPerFrame = (r: RunFigures) => (r.nodeCpuPercent * 10) / Math.max(r.senderFps, 1);

export default async function whipGlassToGlass(): Promise<BenchResult> {
  const loadBefore = os.loadavg()[0];
  const runtime = await startRuntimeProcess();
  const pages = await startSdkPageServer();
  const senderBrowser = await launchChromium();
  const viewerBrowser = await launchChromium();
  try {
    const token = await runtime.call('createStream', STREAM_ID);
    const browsers = { sender: senderBrowser, viewer: viewerBrowser };
    const run = (sender: Parameters<typeof measure>[4]['sender'], output: 'viewer' | 'program' = 'viewer') =>
      measure(browsers, runtime, pages, token, { width: WIDTH, height: HEIGHT, quality: QUALITY, chain: 'show', sender, output });
    const sdk = await run(sdkJpegSender(QUALITY));
    const vp8 = await run(whipSender('vp8'));
    const vp8Whep = await run(whipSender('vp8'), 'program');
    const h264 = await run(whipSender('h264'));
    const h264Whep = await run(whipSender('h264'), 'program');
    const whip = [vp8, h264];
    const baseline = runtimeMsPerFrame(sdk);
    return {
      title: 'WHIP glass-to-glass: plain WHIP senders (VP8, H.264) through the runtime to a WHEP viewer, against the JPEG viewer and the capture SDK’s JPEG path',
      method:
        `Headless Chromium sends a ${WIDTH}×${HEIGHT} canvas at ${FPS} fps with its send time drawn in (a 48-cell barcode), as one WHIP video track (VP8, then H.264); each frame is handed to the track when drawn (captureStream(0) + requestFrame; with captureStream(fps) the canvas is sampled on a timer of its own, which skipped about 5 of every 30 drawn frames on this host before they reached the encoder); ` +
        'the runtime (its own process, as `npm start` runs it) decodes the track with ffmpeg to I420 and runs capture → denoise → compose with a lower third → viewer output (JPEG q75 over a data channel); ' +
        'a second Chromium watches, reads the send time back from every drawn picture and takes draw time minus send time. ' +
        'The same senders are also watched through program out (H.264 2.5 Mbit/s veryfast) with a plain WHEP player: display time (requestVideoFrameCallback) minus the send time read from the shown picture. ' +
        `The baseline is the capture SDK's JPEG q${QUALITY} data-channel path on the same chain in the same run (its frames carry their capture time). The goal is judged on the JPEG viewer runs, as in earlier runs; the WHEP runs add x264's encode to the runtime and the <video> read-back to the viewer. ` +
        'Runtime CPU includes its ffmpeg decoder processes; per frame is per frame the sender sent. 10 s measured after 3 s warm-up, all on one machine.',
      rows: [
        { metric: 'p50 ms / p95 ms / fps: SDK JPEG (baseline); WHIP VP8; WHIP H.264 (JPEG viewer)', value: [sdk, vp8, h264].map(formatFigures).join('; ') },
        { metric: 'p50 ms / p95 ms / fps: WHIP VP8 → program out → WHEP; WHIP H.264 → program out → WHEP', value: [vp8Whep, h264Whep].map(formatFigures).join('; ') },
        ...[sdk, ...whip, vp8Whep, h264Whep].flatMap((r) => [
          { metric: `${r.label} glass-to-glass p50`, value: r.latencyP50, unit: 'ms' },
          { metric: `${r.label} glass-to-glass p95`, value: r.latencyP95, unit: 'ms' },
          { metric: `${r.label} delivered fps (drawn by viewer, age read)`, value: r.deliveredFps, unit: 'fps' },
          { metric: `${r.label} pictures whose drawn clock could not be read`, value: r.unreadFrames },
          { metric: `${r.label} sender fps / sender drops`, value: `${r.senderFps.toFixed(1)} / ${r.senderDrops}` },
          ...(r.senderLimitedS ? [{ metric: `${r.label} sender's encoder limited (WebRTC quality limitation, of the measured ${MEASURE_MS / 1000} s)`, value: formatLimited(r.senderLimitedS) }] : []),
          { metric: `${r.label} drops: pipeline inboxes / hub / viewer`, value: `${r.pipelineDrops} / ${r.hubDrops} / ${r.viewerDrops}` },
          { metric: `${r.label} runtime capture→output node p50`, value: r.runtimeP50, unit: 'ms' },
          { metric: `${r.label} runtime CPU per received frame (with decoders); ratio to SDK JPEG`, value: `${runtimeMsPerFrame(r).toFixed(1)} ms; ×${(runtimeMsPerFrame(r) / baseline).toFixed(2)}` },
          { metric: `${r.label} CPU per frame: runtime / sender browser / viewer browser; all at ${FPS} fps`, value: cpuPerFrame(r) },
          { metric: `${r.label} machine busy / stolen by the host`, value: `${r.machineBusyPercent.toFixed(0)}% / ${r.machineStealPercent.toFixed(0)}% of ${os.cpus().length} cores` },
        ]),
      ],
      notes:
        `Machine load average (1 min) ${loadBefore.toFixed(1)} at start and ${os.loadavg()[0].toFixed(1)} at end on ${os.cpus().length} cores; ` +
        'sender, viewer, decoder and the pipeline share those cores, so figures move with whatever else runs.',
      goal: `WHIP VP8 and WHIP H.264 at ${WIDTH}×${HEIGHT} ${FPS} fps (JPEG viewer): p50 ≤ ${GOAL.p50Ms} ms, p95 ≤ ${GOAL.p95Ms} ms, ≥ ${GOAL.fps} fps delivered`,
      met: whip.every(meets),
    };
  } finally {
    await senderBrowser.close();
    await viewerBrowser.close();
    await pages.close();
    await runtime.close();
  }
}
