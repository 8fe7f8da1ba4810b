import { describe, expect, it } from 'vitest';
import { AudioPacer, stereoF32le } from './audio-pacer.ts';

describe('audio pacer', () => {
  it('fills a gap with silence and drops audio that would run ahead of the clock', () => {
    let now = 1000;
    const pacer = new AudioPacer(() => now);
    expect(pacer.admit(480)).toBe(true); // starts the clock; 10 ms written at t=0
    now += 500; // half a second without audio
    expect(pacer.silenceNeeded()).toBe(48_000 * 0.5 - 480);
    expect(pacer.silenceNeeded()).toBe(0);
    // A burst of 400 ms arriving at once: up to 200 ms ahead is kept, the rest dropped.
    const admitted = Array.from({ length: 40 }, () => pacer.admit(480)).filter(Boolean).length;
    expect(admitted).toBe(20);
    expect(pacer.dropped).toBe(20);
  });

  it('doubles mono into interleaved stereo', () => {
    const out = stereoF32le(new Float32Array([0.25, -0.5]), 1);
    expect(Array.from(new Float32Array(out.buffer, out.byteOffset, 4))).toEqual([0.25, 0.25, -0.5, -0.5]);
  });
});
