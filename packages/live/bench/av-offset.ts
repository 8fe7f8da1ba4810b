/**
 * A/V offset end to end: a plain WHIP sender (canvas + WebAudio in Chromium) flashes the
 * picture white and starts a beep in the same instant, once a second; the runtime's capture
 * node feeds pictures and sound to a program output (one H.264 + AAC/Opus encode); its HLS
 * is read back with ffmpeg and each flash paired with its beep. The baseline is the offset
 * the sender and ingest already bring: the same onsets in the capture times the capture node
 * emits, in the same run. Halfway, the sender stops drawing for half a second, so the
 * pictures drop out and the encoder's picture delay changes; offsets after it are reported
 * on their own.
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchResult } from '../../../bench/types.ts';
import { percentile } from '@showflow/capture-sdk/wire';
import { PROGRAM_OUT_SERVICE, type ProgramOutService } from '@showflow/program-out';
import { FLASH_BEEP_SCRIPT, launchChromium, sendPlainWhip, waitFor } from '../test/support/index.ts';
import { avDocument, avRuntime, FLASH_PERIOD_MS, programOffsets, recordInput } from '../../../apps/runtime/test/fixtures/av-offset.ts';

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 30;
const HALF_MS = 10_000;
const GOAL_P95_MS = 40;
const STREAM = 'av-bench';
const PIPELINE = 'av-bench';

const abs = (values: number[]) => values.map(Math.abs);
const figures = (offsets: number[]) => `${percentile(abs(offsets), 50).toFixed(0)} / ${percentile(abs(offsets), 95).toFixed(0)} (${offsets.length} pairs)`;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);

export default async function avOffset(): Promise<BenchResult> {
  const loadBefore = os.loadavg()[0];
  const runtime = await avRuntime();
  const browser = await launchChromium();
  try {
    const { token, whipUrl } = await runtime.live.createStream(STREAM);
    await runtime.app.deployments.save(avDocument(PIPELINE, STREAM, WIDTH, HEIGHT, FPS));
    await runtime.app.deployments.deploy(PIPELINE);
    const input = recordInput(runtime.live, STREAM);
    const page = await browser.context.newPage();
    await page.goto(`${runtime.server.url}/healthz`);
    await page.addScriptTag({ content: FLASH_BEEP_SCRIPT });
    await page.evaluate(() => ((globalThis as unknown as { flashBeepHeld: boolean }).flashBeepHeld = true));
    const connectedAt = Date.now();
    const sent = await sendPlainWhip(page, `${runtime.server.url}${whipUrl}`, token, { video: 'vp8', width: WIDTH, height: HEIGHT, fps: FPS, flashBeepPeriodMs: FLASH_PERIOD_MS });
    if (sent.status !== 201) throw new Error(`WHIP offer refused: ${sent.status} ${sent.body ?? ''}`);
    // Until a sender's RTCP reports arrive, its pictures and sound carry arrival times only,
    // and no receiver can line them up (the pictures' start-up backlog is invisible): the
    // flashes start once both tracks have the sender's clock.
    await waitFor(() => input.senderClocks(), 'sender reports for the picture and the sound', 30_000);
    const clocksKnownMs = Date.now() - connectedAt;
    await page.evaluate(() => ((globalThis as unknown as { flashBeepHeld: boolean }).flashBeepHeld = false));
    const startedAt = Date.now();
    await sleep(HALF_MS);
    // The picture stops for half a second (the page's main thread is busy): frames drop out.
    // The freeze falls between two flashes: when it followed a flash at once, the sender's
    // beep came out only after the busy task, ~500 ms late, an offset the sender made.
    await page.evaluate(
      ({ afterFlashMs, freezeMs }) =>
        new Promise<void>((resolve) => {
          const flashes = (globalThis as unknown as { flashes: number[] }).flashes;
          const seen = flashes.length;
          const poll = setInterval(() => {
            if (flashes.length === seen) return;
            clearInterval(poll);
            setTimeout(() => {
              const until = performance.now() + freezeMs;
              while (performance.now() < until);
              resolve();
            }, afterFlashMs);
          }, 5);
        }),
      { afterFlashMs: 250, freezeMs: 500 },
    );
    const stallAt = Date.now();
    await sleep(HALF_MS);
    const output = await programOffsets(runtime.server.url, PIPELINE);
    input.stop();
    const sender = input.offsets();
    // Media time runs with the wall clock: flashes after the stall are those within the time
    // since it, counted back from the last flash.
    const end = Math.max(...output.flashes, 0);
    const afterStall = output.pairs.filter((pair) => pair.at > end - (Date.now() - stallAt)).map((pair) => pair.offset);
    const status = runtime.live.gateway.status(STREAM);
    const programOut = runtime.app.services.get(PROGRAM_OUT_SERVICE) as ProgramOutService;
    const sound = programOut.get(PIPELINE)?.stats().sound;
    const runSeconds = (Date.now() - startedAt) / 1000;
    await page.close();
    const met = output.offsets.length >= 5 && percentile(abs(output.offsets), 95) <= GOAL_P95_MS;
    return {
      title: 'A/V offset: WHIP sender (flash + beep) → capture → program out, read back from the HLS output',
      method:
        `Chromium draws a ${WIDTH}×${HEIGHT} canvas at ${FPS} fps and plays a 1 kHz beep through WebAudio, both switched on in the same task once every ${FLASH_PERIOD_MS} ms, and sends them over WHIP (VP8 + Opus). ` +
        'The runtime (in process) runs showflow.capture → showflow.program-out; the program’s HLS (fMP4, AAC) is downloaded and read with ffmpeg (picture mean luma, audio RMS per 5 ms); ' +
        'each flash onset is paired with the beep onset nearest to it. Baseline: the same onsets in the capture times the capture node gets (the offset the sender and ingest bring). ' +
        'The flashes start once the sender’s RTCP reports give both tracks their capture times (before that only arrival times exist, and the pictures’ start-up backlog cannot be seen). ' +
        `${(2 * HALF_MS) / 1000} s of flashes; halfway the sender page freezes for 0.5 s between two flashes, so pictures drop out.`,
      rows: [
        { metric: 'av-offset abs(beep − flash) p50 / p95 ms, program output (HLS)', value: figures(output.offsets) },
        { metric: 'av-offset abs(beep − flash) p50 / p95 ms, at the capture node (baseline)', value: figures(sender) },
        { metric: 'mean signed offset (positive: sound late): program output / capture node', value: `${mean(output.offsets).toFixed(0)} / ${mean(sender).toFixed(0)}`, unit: 'ms' },
        { metric: 'av-offset p50 / p95 ms after the picture dropped out (program output)', value: afterStall.length ? figures(afterStall) : 'no pairs' },
        { metric: 'program output offsets in order', value: output.offsets.map((o) => o.toFixed(0)).join(' '), unit: 'ms' },
        { metric: 'frames dropped before the pipeline (ingest)', value: status.counters.dropped },
        { metric: 'sender clock known for picture and sound, after the WHIP offer', value: clocksKnownMs.toFixed(0), unit: 'ms' },
        {
          metric: 'sound cut to stay with its picture over the run: gaps of silence / blocks dropped / time slewed (blocks stretched ≤ 2 %)',
          value: sound ? `${sound.gaps} / ${sound.dropped} / ${sound.slewedMs.toFixed(0)} ms` : 'no program output',
        },
        { metric: 'run length', value: runSeconds.toFixed(0), unit: 's' },
      ],
      notes: `Machine load average (1 min) ${loadBefore.toFixed(1)} at start and ${os.loadavg()[0].toFixed(1)} at end on ${os.cpus().length} cores.`,
      goal: `|A/V offset| p95 ≤ ${GOAL_P95_MS} ms at the program output`,
      met,
    };
  } finally {
    await browser.close();
    await runtime.close();
  }
}
