import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EncoderSettings } from './encoder-settings.ts';
import { HLS_PLAYLIST } from './ffmpeg-args.ts';
import { ProgramEncoder } from './program-encoder.ts';

const WIDTH = 320;
const HEIGHT = 180;

/** Feeds grey pictures with a moving bar at 30 fps and counts the whole pictures that come back as RTP. */
async function runningEncoder(hlsRoot: string) {
  const problems: string[] = [];
  const counts = { pictures: 0, audioPackets: 0 };
  const encoder = new ProgramEncoder({
    settings: EncoderSettings.parse({ width: WIDTH, height: HEIGHT, preset: 'ultrafast', hlsListSize: 3 }),
    hlsRoot,
    onRtp: ({ kind, packet }) => {
      if (kind === 'audio') counts.audioPackets++;
      else if (packet[1] & 0x80) counts.pictures++;
    },
    onProblem: (message) => problems.push(message),
    hlsRestartMs: { first: 3_000, max: 3_000 },
  });
  let n = 0;
  const timer = setInterval(() => {
    const picture = Buffer.alloc((WIDTH * HEIGHT * 3) / 2, 128);
    for (let y = 0; y < HEIGHT; y++) picture.fill(235, y * WIDTH + ((n * 4) % (WIDTH - 16)), y * WIDTH + ((n * 4) % (WIDTH - 16)) + 16);
    n++;
    void encoder.writeFrame(picture, { width: WIDTH, height: HEIGHT });
  }, 1000 / 30);
  return { encoder, problems, counts, stop: () => clearInterval(timer) };
}

/** Resolves once 30 more pictures and 30 more sound packets came out than when it was called. */
async function keepsFlowing(run: Awaited<ReturnType<typeof runningEncoder>>): Promise<void> {
  const from = { ...run.counts };
  await vi.waitFor(
    () => {
      expect(run.counts.pictures).toBeGreaterThan(from.pictures + 30);
      expect(run.counts.audioPackets).toBeGreaterThan(from.audioPackets + 30);
    },
    { timeout: 30_000, interval: 100 },
  );
}

describe('the program encoder: picture, sound and HLS in their own ffmpegs', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  async function startRun() {
    const root = await mkdtemp(path.join(tmpdir(), 'sf-program-encoder-'));
    const run = await runningEncoder(root);
    cleanup = async () => {
      run.stop();
      await run.encoder.close();
      await rm(root, { recursive: true, force: true });
    };
    return { root, run };
  }

  it('serves picture and sound over RTP and writes HLS from the same encode', async () => {
    const { run } = await startRun();
    await vi.waitFor(() => expect(run.counts.pictures).toBeGreaterThan(30), { timeout: 30_000, interval: 100 });
    expect(run.counts.audioPackets).toBeGreaterThan(0);
    await vi.waitFor(() => expect(existsSync(path.join(run.encoder.hls!.dir, HLS_PLAYLIST))).toBe(true), { timeout: 30_000, interval: 100 });
    expect(run.problems).toEqual([]);
  });

  it('keeps WHEP picture and sound going when HLS fails (its folder removed), says so, and brings HLS back after the backoff', async () => {
    const { root, run } = await startRun();
    await vi.waitFor(() => expect(existsSync(path.join(run.encoder.hls?.dir ?? root, HLS_PLAYLIST))).toBe(true), { timeout: 30_000, interval: 100 });
    const hlsDir = run.encoder.hls!.dir;

    await rm(hlsDir, { recursive: true, force: true });
    await vi.waitFor(() => expect(run.problems.some((p) => p.startsWith('ffmpeg exited'))).toBe(true), { timeout: 30_000, interval: 100 });
    await keepsFlowing(run);
    // Only the HLS ffmpeg ended: until the backoff is over the run (picture and sound) goes on,
    // and a restart would have moved HLS to a new version folder.
    expect(run.problems).toHaveLength(1);
    expect(run.encoder.counters.restarts).toBe(1);
    expect(run.encoder.hls?.dir).toBe(hlsDir);

    // After the backoff the encode starts again: HLS is back, in a new version, and the picture
    // and sound keep coming.
    await vi.waitFor(
      () => {
        const hls = run.encoder.hls;
        expect(hls && hls.dir !== hlsDir && existsSync(path.join(hls.dir, HLS_PLAYLIST))).toBe(true);
      },
      { timeout: 30_000, interval: 100 },
    );
    await keepsFlowing(run);
    expect(run.problems).toHaveLength(1);
  });
});
