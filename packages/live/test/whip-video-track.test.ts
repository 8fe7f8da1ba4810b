import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LiveFrame } from '../src/index.ts';
import { launchChromium, type TestBrowser } from './support/browser.ts';
import { CLOCK_CANVAS_SCRIPT, readClockBarcode } from './support/clock-barcode.ts';
import { startLiveServer, waitFor, type LiveServer } from './support/live-server.ts';
import { sendPlainWhip, type WhipVideoCodec } from './support/whip-client.ts';

/** A frozen stream's age grows one second per second; a live one stays far below this. */
const LIVENESS_BOUND_MS = 3000;
const WATCH_MS = 10_000;

let browser: TestBrowser;
let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer({ streams: { vp8: 'key', vp9: 'key', 'h264-cb': 'key', av1: 'key' } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Seen {
  receivedAt: number;
  /** The send time drawn into the picture, when readable. */
  drawn?: number;
  frame: Omit<LiveFrame, 'data'>;
}

// One after another: five encoders and decoders at once overload a shared 2-core machine.
// H.264 main and high are covered against libx264 in src/video-decoder.test.ts (Chromium's
// H.264 encoder sends constrained baseline whatever profile is negotiated).
it.each<[string, string, WhipVideoCodec, string | undefined]>([
  ['VP8', 'vp8', 'vp8', undefined],
  ['VP9', 'vp9', 'vp9', undefined],
  ['H.264 constrained baseline', 'h264-cb', 'h264', '42e01f'],
  ['AV1', 'av1', 'av1', undefined],
])(
  'keeps a plain browser WHIP sender live for 10 s with %s: the clock drawn in each frame reads back with bounded age',
  async (name, streamId, video, h264Profile) => {
    const seen: Seen[] = [];
    const unsubscribe = server.gateway.subscribe(streamId, (frame) => {
      const { data, ...meta } = frame;
      const drawn = frame.encoding === 'yuv420' ? readClockBarcode(data, frame.width, frame.height) : undefined;
      seen.push({ receivedAt: Date.now(), drawn, frame: meta });
    });
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/`);
    await page.addScriptTag({ content: CLOCK_CANVAS_SCRIPT });
    const result = await sendPlainWhip(page, `${server.url}/live/whip/${streamId}`, 'key', { video, h264Profile, source: 'clock', fps: 15 });
    expect(result).toMatchObject({ status: 201 });
    expect(result.negotiated?.toLowerCase()).toBe(video);

    const readable = () => seen.filter((s) => s.drawn !== undefined);
    await waitFor(() => readable().length > 0, `a ${name} frame with a readable clock`, 30_000);
    const firstDrawn = readable()[0].drawn!;
    await waitFor(() => readable().at(-1)!.drawn! - firstDrawn >= WATCH_MS, `${WATCH_MS / 1000} s of ${name} pictures`, WATCH_MS + 30_000);
    unsubscribe();

    const watched = seen.slice(seen.findIndex((s) => s.drawn !== undefined));
    const ages = readable().map((s) => s.receivedAt - s.drawn!);
    const distinct = new Set(readable().map((s) => s.drawn)).size;
    const sorted = [...ages].sort((a, b) => a - b);
    console.info(
      `[whip ${name}] ${watched.length} pictures in ${WATCH_MS / 1000} s, ${readable().length} clocks read, ${distinct} distinct; ` +
        `age p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms; ${watched[0].frame.width}×${watched[0].frame.height}; ` +
        `clock ${watched.at(-1)!.frame.clock}; dropped ${server.gateway.status(streamId).counters.dropped}`,
    );
    expect(watched.every((s) => s.frame.encoding === 'yuv420')).toBe(true);
    // The picture keeps changing (a frozen stream repeats one clock) …
    expect(distinct).toBeGreaterThanOrEqual(50);
    expect(readable().length).toBeGreaterThanOrEqual(0.8 * watched.length);
    // … and stays live: no picture is older than the bound.
    expect(Math.max(...ages)).toBeLessThan(LIVENESS_BOUND_MS);
    // Capture times are the sender's clock (RTCP sender reports) or arrival, and never in the future.
    expect(watched.every((s) => s.frame.captureTs <= s.receivedAt + 50)).toBe(true);

    const ended = await page.evaluate(async (location) => {
      const response = await fetch(location, { method: 'DELETE', headers: { Authorization: 'Bearer key' } });
      (globalThis as any).whipPc.close();
      return response.status;
    }, result.location!);
    expect(ended).toBe(200);
    expect(server.gateway.status(streamId).sessions).toBe(0);
    await page.close();
  },
  90_000,
);
