import { describe, expect, it } from 'vitest';
import { createHarness } from '@showflow/nodes/harness';
import { noiseSuppress } from '../src/nodes/noise-suppress.ts';
import { joinBlocks, toBlocks } from './support/blocks.ts';
import { rmsDb, speechLike, whiteNoise } from './support/signals.ts';

describe('noise suppression (RNNoise)', () => {
  it('lowers the noise floor between syllables of speech-like signal plus white noise, and keeps the syllables', async () => {
    const seconds = 8;
    const { samples: voice, voiced } = speechLike(seconds, 0.3, 21);
    const noise = whiteNoise(seconds, 0.01, 1, 4); // −40 dBFS
    const noisy = voice.map((v, i) => v + noise[i]);
    const node = await createHarness(noiseSuppress);
    try {
      const out = [];
      for (const block of toBlocks(noisy, 1)) out.push((await node.send('audio', block)).out!);
      const clean = joinBlocks(out);
      expect(clean.length).toBe(noisy.length);

      // Judge the second half: the network adapts to the noise over the first seconds.
      const half = clean.length / 2;
      const pause = (f: number) => f > half && !voiced[f] && voiced.indexOf(1, f) - f > 2400 && f - voiced.lastIndexOf(1, f) > 2400;
      const syllable = (f: number) => f > half && voiced[f] === 1;
      const floorBefore = rmsDb(noisy, 1, pause);
      const floorAfter = rmsDb(clean, 1, pause);
      expect(floorBefore).toBeCloseTo(-40, 0);
      // At least 10 dB less noise where nobody speaks.
      expect(floorAfter).toBeLessThan(floorBefore - 10);
      // The voice stays within a few dB.
      expect(Math.abs(rmsDb(clean, 1, syllable) - rmsDb(voice, 1, syllable))).toBeLessThan(6);
      expect(node.status?.text).toMatch(/voice \d+%/);
    } finally {
      await node.dispose();
    }
  });

  it('denoises each channel of a stereo stream on its own', async () => {
    const noise = whiteNoise(3, 0.01, 2, 9);
    // Left: noise only. Right: silence. RNNoise must not leak one side into the other.
    for (let i = 1; i < noise.length; i += 2) noise[i] = 0;
    const node = await createHarness(noiseSuppress);
    try {
      const out = [];
      for (const block of toBlocks(noise, 2)) out.push((await node.send('audio', block)).out!);
      const clean = joinBlocks(out);
      let right = 0;
      for (let i = 1; i < clean.length; i += 2) right = Math.max(right, Math.abs(clean[i]));
      expect(right).toBe(0);
      expect(out[0].channels).toBe(2);
    } finally {
      await node.dispose();
    }
  });
});
