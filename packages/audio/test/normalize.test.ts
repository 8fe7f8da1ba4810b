import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '@showflow/nodes/harness';
import { loudnessNormalize } from '../src/nodes/loudness-normalize.ts';
import { LoudnessMeter } from '../src/dsp/loudness.ts';
import { truePeakOf } from '../src/dsp/true-peak.ts';
import { joinBlocks, toBlocks } from './support/blocks.ts';
import { measureWithFfmpeg } from './support/ebur128.ts';
import { random, RATE, sine, speechLike, whiteNoise } from './support/signals.ts';
import { writeFloatWav } from './support/wav.ts';

const SECONDS = 30;

function stereo(mono: Float32Array): Float32Array {
  const out = new Float32Array(mono.length * 2);
  for (let i = 0; i < mono.length; i++) out[i * 2] = out[i * 2 + 1] = mono[i];
  return out;
}

function integrated(samples: Float32Array): number {
  const m = new LoudnessMeter();
  m.push(samples, 2);
  return m.integrated;
}

/** A quiet voice: speech-like syllables around −32 LUFS. */
function quietVoice(): Float32Array {
  return stereo(speechLike(SECONDS, 0.1, 7).samples);
}

/**
 * A loud, punchy programme around −6 LUFS: noise in 125 ms bursts with hard attacks and
 * near-full-scale peaks, the case a limiter exists for.
 */
function loudBursts(): Float32Array {
  const noise = whiteNoise(SECONDS, 0.35, 2, 11);
  const rnd = random(3);
  const burst = Math.round(0.125 * RATE);
  let level = 1;
  for (let f = 0; f < noise.length / 2; f++) {
    if (f % burst === 0) level = 0.4 + rnd() * 0.6;
    for (let c = 0; c < 2; c++) noise[f * 2 + c] = Math.max(-1, Math.min(1, noise[f * 2 + c] * level * 1.1));
  }
  return noise;
}

/** A quiet tone with a loud click every half second: the gain lifts the tone, the limiter must hold the clicks. */
function tonesAndClicks(): Float32Array {
  const out = sine(SECONDS, 440, 0.03);
  const rnd = random(5);
  for (let f = 0; f < out.length / 2; f += RATE / 2) {
    for (let i = 0; i < 8; i++) for (let c = 0; c < 2; c++) out[(f + i) * 2 + c] += (rnd() * 2 - 1) * 0.3;
  }
  return out;
}

describe('loudness normalise (checked with ffmpeg ebur128)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sf-audio-norm-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const [name, make, expectIn] of [
    ['a quiet voice', quietVoice, [-40, -26]],
    ['a loud programme', loudBursts, [-10, -2]],
    ['a quiet tone with loud clicks', tonesAndClicks, [-34, -26]],
  ] as const) {
    it(`brings ${name} to −14 ± 1 LUFS and keeps true peak under −1 dBTP`, async () => {
      const input = make();
      const inLufs = integrated(input);
      expect(inLufs).toBeGreaterThan(expectIn[0]);
      expect(inLufs).toBeLessThan(expectIn[1]);

      const node = await createHarness(loudnessNormalize);
      const out = [];
      for (const block of toBlocks(input, 2)) out.push((await node.send('audio', block)).out!);
      const output = joinBlocks(out);
      expect(out.every((b, i) => b.seq === i && b.sampleRate === 48_000 && b.channels === 2)).toBe(true);
      expect(node.status?.text).toMatch(/LUFS/);

      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.wav`);
      await writeFloatWav(file, output, 2);
      const ffmpeg = await measureWithFfmpeg(file);
      expect(Math.abs(ffmpeg.integratedLufs + 14)).toBeLessThanOrEqual(1);
      expect(ffmpeg.truePeakDbtp).toBeLessThanOrEqual(-1);
      // Our own meters agree with ffmpeg's.
      expect(Math.abs(integrated(output) - ffmpeg.integratedLufs)).toBeLessThan(0.2);
      expect(20 * Math.log10(truePeakOf(output, 2))).toBeLessThanOrEqual(-1);
    });
  }
});
