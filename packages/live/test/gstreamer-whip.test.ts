import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LiveAudio } from '../src/index.ts';
import { readClockBarcode } from './support/clock-barcode.ts';
import { startLiveServer, waitFor, type LiveServer } from './support/live-server.ts';
import { analyseTone } from './support/tone-analysis.ts';

/**
 * A sender we did not write: GStreamer's webrtcbin with its own encoders (vp8enc, x264enc,
 * opusenc), signalled by the WHIP spec's POST/DELETE. The system Python carries GStreamer's
 * bindings (python3-gi), so the script runs with it, not with whatever python3 is first on PATH.
 */
const SENDER = fileURLToPath(new URL('./support/gst-whip-send.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const LIVENESS_BOUND_MS = 3000;
const WATCH_MS = 10_000;

let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer({ streams: { 'gst-vp8': 'key', 'gst-h264': 'key', 'gst-refused': 'key' } });
});

afterAll(async () => {
  await server?.close();
});

interface SenderEvent {
  event: 'answered' | 'refused' | 'ended' | 'error';
  status?: number;
  location?: string;
  message?: string;
}

/** Starts the GStreamer sender; its JSON-lines events collect in `events`. */
function startGstSender(streamId: string, token: string, codec: 'vp8' | 'h264', seconds: number, toneHz: number) {
  const child: ChildProcess = spawn(PYTHON, [SENDER, `${server.url}/live/whip/${streamId}`, token, codec, String(seconds), '--tone', String(toneHz)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: SenderEvent[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as SenderEvent);
    } catch {
      stderr += `\n(stdout) ${line}`;
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, events, exited, stderr: () => stderr };
}

it.each<[string, 'vp8' | 'h264', number]>([
  ['VP8', 'vp8', 440],
  ['H.264', 'h264', 660],
])(
  'keeps a GStreamer webrtcbin WHIP sender live for 10 s with %s pictures and an audible Opus tone',
  async (name, codec, toneHz) => {
    const streamId = `gst-${codec}`;
    const seen: Array<{ receivedAt: number; drawn?: number }> = [];
    const blocks: LiveAudio[] = [];
    const stopVideo = server.gateway.subscribe(streamId, (frame) => {
      const drawn = frame.encoding === 'yuv420' ? readClockBarcode(frame.data, frame.width, frame.height) : undefined;
      seen.push({ receivedAt: Date.now(), drawn });
    });
    const stopAudio = server.gateway.subscribeAudio(streamId, (block) => blocks.push(block));
    const sender = startGstSender(streamId, 'key', codec, 60, toneHz);
    try {
      await waitFor(() => sender.events.length > 0, `the GStreamer sender's answer (stderr: ${sender.stderr()})`, 30_000);
      expect(sender.events[0]).toMatchObject({ event: 'answered', status: 201 });

      const readable = () => seen.filter((s) => s.drawn !== undefined);
      await waitFor(() => readable().length > 0, `a ${name} picture with a readable clock`, 30_000);
      const firstDrawn = readable()[0].drawn!;
      await waitFor(() => readable().at(-1)!.drawn! - firstDrawn >= WATCH_MS, `${WATCH_MS / 1000} s of ${name} pictures`, WATCH_MS + 30_000);
      stopVideo();
      stopAudio();

      const watched = seen.slice(seen.findIndex((s) => s.drawn !== undefined));
      const ages = readable().map((s) => s.receivedAt - s.drawn!);
      const distinct = new Set(readable().map((s) => s.drawn)).size;
      const sorted = [...ages].sort((a, b) => a - b);
      const { rms, peakHz } = analyseTone(blocks.slice(-50));
      console.info(
        `[gstreamer whip ${name}] ${watched.length} pictures, ${readable().length} clocks read, ${distinct} distinct; ` +
          `age p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms; ${blocks.length} audio blocks, rms ${rms.toFixed(3)}, peak ${peakHz} Hz`,
      );
      // The picture keeps changing at about the sent 15 fps and stays live …
      expect(distinct).toBeGreaterThanOrEqual(50);
      expect(readable().length).toBeGreaterThanOrEqual(0.8 * watched.length);
      expect(Math.max(...ages)).toBeLessThan(LIVENESS_BOUND_MS);
      // … and the tone is heard at its frequency.
      expect(rms).toBeGreaterThan(0.05);
      expect(Math.abs(peakHz - toneHz)).toBeLessThanOrEqual(10);

      // Ending the sender DELETEs its session and frees the stream.
      sender.child.kill('SIGTERM');
      await sender.exited;
      expect(sender.events.at(-1)).toMatchObject({ event: 'ended', status: 200 });
      await waitFor(() => server.gateway.status(streamId).sessions === 0, `${streamId} freed`, 10_000);
    } finally {
      sender.child.kill('SIGKILL');
    }
  },
  120_000,
);

it('refuses a GStreamer sender with a wrong token before any media flows', async () => {
  const sender = startGstSender('gst-refused', 'wrong', 'vp8', 30, 440);
  await sender.exited;
  expect(sender.events).toEqual([expect.objectContaining({ event: 'refused', status: 401 })]);
  expect(server.gateway.status('gst-refused').sessions).toBe(0);
}, 60_000);
