import { describe, expect, it } from 'vitest';
import { AudioPacer, stereoF32le } from './audio-pacer.ts';

/**
 * 10 ms blocks captured every 10 ms and placed on arrival with the pictures' delay at their
 * capture (`delayAt`); returns how each was placed and how far from its target it landed.
 */
function flow(delayAt: (t: number) => number, durationMs: number) {
  let now = 0;
  const pacer = new AudioPacer(() => now);
  pacer.notePicture(0); // the timeline starts at 0
  let written = 0;
  const misplacedMs: number[] = [];
  const sizes: number[] = [];
  for (let t = 0; t < durationMs; t += 10) {
    now = t;
    const placed = pacer.place(480, t, delayAt(t));
    if (!placed) continue;
    written += placed.silence;
    misplacedMs.push((written * 1000) / AudioPacer.SAMPLE_RATE - (t + delayAt(t)));
    written += placed.frames;
    sizes.push(placed.frames);
  }
  return { pacer, misplacedMs, sizes };
}

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

  it('places sound by its capture time plus the pictures’ delay, so it comes out with the picture captured with it', () => {
    let now = 10_000;
    const pacer = new AudioPacer(() => now);
    expect(pacer.place(480, 9_990)).toBeUndefined(); // no picture yet: no timeline
    // Pictures reach the encoder 80 ms after capture; the first one starts the timeline.
    pacer.notePicture(now, now - 80);
    now += 10;
    pacer.notePicture(now, now - 80);
    // Sound captured with the first picture belongs 80 ms into the timeline, after silence.
    expect(pacer.place(480, now - 10)).toEqual({ silence: 48 * 80, frames: 480 });
    expect(pacer.place(480, now)).toEqual({ silence: 0, frames: 480 }); // the next block follows on
    // A block far behind where the timeline is (a late retransmission) is dropped.
    expect(pacer.place(480, now - 200)).toBeUndefined();
    // Pictures slow down to 120 ms: later sound is moved back by the difference (40 ms, more
    // than slewing closes), with silence.
    for (let i = 0; i < AudioPacer.DELAY_WINDOW; i++) pacer.notePicture(now, now - 120);
    expect(pacer.place(480, now + 10)).toEqual({ silence: 48 * 40, frames: 480 });
    // A capture time on another clock (seconds away) is not believed: placed on arrival.
    expect(pacer.place(480, now + 60_000)).toEqual({ silence: 0, frames: 480 });
  });

  it('keeps sound with its picture while pictures run almost half a second behind capture (a sender starting on a busy host)', () => {
    let now = 50_000;
    const pacer = new AudioPacer(() => now);
    for (let i = 0; i < AudioPacer.DELAY_WINDOW; i++) {
      pacer.notePicture(now, now - 450);
      now += 33;
    }
    // Sound captured now belongs with the picture captured now, which reaches the encoder
    // 450 ms from now: silence up to there (from the first picture, nothing written yet).
    expect(pacer.place(480, now)).toEqual({ silence: 48 * (AudioPacer.DELAY_WINDOW * 33 + 450), frames: 480 });
    expect(pacer.dropped).toBe(0);
  });

  it('keeps a silent timeline at the wall clock, and leaves sound that flows its arrival jitter', () => {
    let now = 1000;
    const pacer = new AudioPacer(() => now);
    pacer.notePicture(now);
    // No sound from the graph: every 10 ms the timeline is topped up to now, so a picture
    // never waits more than that for the sound beside it.
    for (let i = 0; i < 10; i++) {
      now += 10;
      expect(pacer.silenceNeeded()).toBe(480);
    }
    // Sound flows (10 ms blocks arriving 40 ms late): no silence is pushed in front of it.
    now += 40;
    expect(pacer.admit(480)).toBe(true);
    now += 10;
    expect(pacer.silenceNeeded()).toBe(0);
    // It stops: after a quarter of a second silence takes over again, up to now.
    now += AudioPacer.FLOWING_MS;
    expect(pacer.silenceNeeded()).toBe(48 * (40 + 10 + AudioPacer.FLOWING_MS) - 480);
  });

  it('slews sound to where a stutter of the pictures puts it, without a gap or a skip', () => {
    // The pictures' delay is 80 ms, jumps to 105 ms for 300 ms, and comes back.
    const { pacer, misplacedMs, sizes } = flow((t) => (t >= 2_000 && t < 2_300 ? 105 : 80), 5_000);
    expect(pacer.gaps).toBe(0);
    expect(pacer.dropped).toBe(0);
    // The first block opens the timeline at its place; after it, blocks are stretched at most 2 %.
    for (const size of sizes.slice(1)) expect(Math.abs(size - 480)).toBeLessThanOrEqual(480 * AudioPacer.MAX_SLEW);
    expect(Math.max(...sizes)).toBeGreaterThan(480); // it did slew
    // Never further from its picture than the stutter itself, and back in place after it.
    expect(Math.max(...misplacedMs.map(Math.abs))).toBeLessThanOrEqual(25);
    expect(Math.max(...misplacedMs.slice(-50).map(Math.abs))).toBeLessThanOrEqual(2);
  });

  it('slews to a lasting change of 25 ms within about two seconds, and cuts a change beyond 30 ms at once', () => {
    const lasting = flow((t) => (t >= 1_000 ? 105 : 80), 4_000);
    expect(lasting.pacer.gaps).toBe(0);
    const afterTwoSeconds = lasting.misplacedMs.slice(300); // blocks from 3 s on, 2 s after the change
    expect(Math.max(...afterTwoSeconds.map(Math.abs))).toBeLessThanOrEqual(3);
    // A 100 ms step (a sender's clock arriving, a long stall) is one gap, and the sound is in place straight after.
    const step = flow((t) => (t >= 1_000 ? 180 : 80), 2_000);
    expect(step.pacer.gaps).toBe(1);
    expect(Math.abs(step.misplacedMs[100])).toBeLessThanOrEqual(1);
    // Sound placed ahead of the picture by more than the limit loses blocks instead.
    const back = flow((t) => (t >= 1_000 ? 20 : 80), 2_000);
    expect(back.pacer.dropped).toBeGreaterThan(0);
    expect(Math.max(...back.misplacedMs.slice(-50).map(Math.abs))).toBeLessThanOrEqual(30);
  });

  it('resamples a block to the stretched length with its ends in place', () => {
    const n = 480;
    const sine = Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 48_000));
    const out = stereoF32le(sine, 1, n + 9);
    const stereo = new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4);
    expect(stereo.length).toBe((n + 9) * 2);
    expect(stereo[0]).toBeCloseTo(sine[0], 6);
    expect(stereo[stereo.length - 1]).toBeCloseTo(sine[n - 1], 6);
    // Still ten cycles of the tone: the pitch moves by the stretch (2 %), nothing more.
    const rising = (xs: number[]) => xs.filter((x, i) => i > 0 && xs[i - 1] < 0 && x >= 0).length;
    const left = Array.from({ length: n + 9 }, (_, i) => stereo[i * 2]);
    expect(rising(left)).toBe(rising(Array.from(sine)));
    expect(Math.max(...left.map(Math.abs))).toBeLessThanOrEqual(1);
  });

  it('doubles mono into interleaved stereo', () => {
    const out = stereoF32le(new Float32Array([0.25, -0.5]), 1);
    expect(Array.from(new Float32Array(out.buffer, out.byteOffset, 4))).toEqual([0.25, 0.25, -0.5, -0.5]);
  });
});
