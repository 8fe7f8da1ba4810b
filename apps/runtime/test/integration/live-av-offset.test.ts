import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLASH_BEEP_SCRIPT, launchChromium, sendPlainWhip, waitFor, type TestBrowser } from '@showflow/live/testing';
import { absPercentile, avDocument, avRuntime, hlsSegmentCount, programOffsets, recordInput, type AvRuntime } from '../fixtures/av-offset.ts';

type Output = Awaited<ReturnType<typeof programOffsets>>;

const PIPELINE = 'av-offset';
const STREAM = 'av-sender';
/** A correctness bound (a lip-sync error anyone would see), not the sync goal: that is the `av-offset` benchmark's (p95 ≤ 40 ms). */
const OFFSET_BOUND_MS = 120;

describe('A/V sync: WHIP sender with flash and beep → capture → program out (HLS)', () => {
  let runtime: AvRuntime;
  let browser: TestBrowser;

  beforeAll(async () => {
    runtime = await avRuntime();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
  });

  it('keeps the beep with its flash in the program output', async () => {
    const { token, whipUrl } = await runtime.live.createStream(STREAM);
    await runtime.app.deployments.save(avDocument(PIPELINE, STREAM, 320, 180, 15));
    await runtime.app.deployments.deploy(PIPELINE);
    const input = recordInput(runtime.live, STREAM);
    const page = await browser.context.newPage();
    await page.goto(`${runtime.server.url}/healthz`);
    await page.addScriptTag({ content: FLASH_BEEP_SCRIPT });
    const sent = await sendPlainWhip(page, `${runtime.server.url}${whipUrl}`, token, { video: 'vp8', width: 320, height: 180, fps: 15, flashBeepPeriodMs: 1000 });
    expect(sent.status).toBe(201);
    await waitFor(async () => (await hlsSegmentCount(runtime.server.url, PIPELINE)) >= 5, 'five seconds of program in the HLS playlist', 90_000);
    // On a busy machine pictures drop and a flash can be missed: read the output again until
    // enough flashes have their beep.
    let output: Output | undefined;
    await waitFor(async () => (output = await programOffsets(runtime.server.url, PIPELINE)).offsets.length >= 6, 'six flashes with their beeps in the program', 90_000);
    input.stop();
    if (!output) throw new Error('no program output read');
    const sender = input.offsets();
    console.info(`[av offset] sender→capture ${sender.map((o) => o.toFixed(0)).join(' ')} ms; program ${output.offsets.map((o) => o.toFixed(0)).join(' ')} ms (flashes at ${output.flashes.map((t) => t.toFixed(0)).join(' ')}; beeps at ${output.beeps.map((t) => t.toFixed(0)).join(' ')})`);
    expect(sender.length).toBeGreaterThanOrEqual(3);
    // The typical pair, so one picture the encoder waited for on a loaded machine does not decide.
    expect(absPercentile(output.offsets, 50)).toBeLessThanOrEqual(OFFSET_BOUND_MS);
    await page.close();
  }, 150_000);
});
