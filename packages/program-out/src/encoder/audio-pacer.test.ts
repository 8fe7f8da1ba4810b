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

  it('places sound by its capture time plus the pictures’ delay, so it comes out with the picture captured with it', () => {
    let now = 10_000;
    const pacer = new AudioPacer(() => now);
    expect(pacer.place(480, 9_990)).toBeUndefined(); // no picture yet: no timeline
    // Pictures reach the encoder 80 ms after capture; the first one starts the timeline.
    pacer.notePicture(now, now - 80);
    now += 10;
    pacer.notePicture(now, now - 80);
    // Sound captured with the first picture belongs 80 ms into the timeline, after silence.
    expect(pacer.place(480, now - 10)).toBe(48 * 80);
    expect(pacer.place(480, now)).toBe(0); // the next block follows on
    // A block far behind where the timeline is (a late retransmission) is dropped.
    expect(pacer.place(480, now - 200)).toBeUndefined();
    // Pictures slow down to 120 ms: later sound is moved back by the difference, with silence.
    for (let i = 0; i < AudioPacer.DELAY_WINDOW; i++) pacer.notePicture(now, now - 120);
    expect(pacer.place(480, now + 10)).toBe(48 * 40);
    // A capture time on another clock (seconds away) is not believed: placed on arrival.
    expect(pacer.place(480, now + 60_000)).toBe(0);
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
    expect(pacer.place(480, now)).toBe(48 * (AudioPacer.DELAY_WINDOW * 33 + 450));
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

  it('doubles mono into interleaved stereo', () => {
    const out = stereoF32le(new Float32Array([0.25, -0.5]), 1);
    expect(Array.from(new Float32Array(out.buffer, out.byteOffset, 4))).toEqual([0.25, 0.25, -0.5, -0.5]);
  });
});
