import { describe, expect, it } from 'vitest';
import { concat, dbfs, sine } from '../../test/support/signals.ts';
import { LoudnessMeter } from './loudness.ts';
import { truePeakOf } from './true-peak.ts';

/** Feeds a signal in 10 ms blocks, as the graph does. */
function measure(samples: Float32Array, channels = 2): LoudnessMeter {
  const meter = new LoudnessMeter();
  const step = 480 * channels;
  for (let at = 0; at < samples.length; at += step) meter.push(samples.subarray(at, Math.min(samples.length, at + step)), channels);
  return meter;
}

// Cases from EBU Tech 3341 (loudness metering, "EBU mode" compliance); tolerance ±0.1 LU.
describe('BS.1770-4 loudness (EBU Tech 3341 cases)', () => {
  it('case 1: stereo 1 kHz sine at −23 dBFS reads −23.0 momentary, short-term and integrated', () => {
    const m = measure(sine(20, 1000, dbfs(-23)));
    expect(m.momentary).toBeCloseTo(-23, 1);
    expect(m.shortTerm).toBeCloseTo(-23, 1);
    expect(m.integrated).toBeCloseTo(-23, 1);
  });

  it('case 2: stereo 1 kHz sine at −33 dBFS reads −33.0', () => {
    const m = measure(sine(20, 1000, dbfs(-33)));
    expect(Math.abs(m.integrated + 33)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(m.shortTerm + 33)).toBeLessThanOrEqual(0.1);
  });

  it('case 3: the relative gate ignores 10 s at −36 dBFS either side of 60 s at −23 dBFS', () => {
    const m = measure(concat(sine(10, 1000, dbfs(-36)), sine(60, 1000, dbfs(-23)), sine(10, 1000, dbfs(-36))));
    expect(Math.abs(m.integrated + 23)).toBeLessThanOrEqual(0.1);
  });

  it('the absolute gate: a programme entirely under −70 LUFS has no integrated loudness; just above, it reads', () => {
    expect(measure(sine(5, 1000, dbfs(-72))).integrated).toBe(-Infinity);
    expect(Math.abs(measure(sine(5, 1000, dbfs(-68))).integrated + 68)).toBeLessThanOrEqual(0.1);
  });

  it('case 5: −26 / −20 / −26 dBFS for 20 / 20.1 / 20 s integrates to −23.0', () => {
    const m = measure(concat(sine(20, 1000, dbfs(-26)), sine(20.1, 1000, dbfs(-20)), sine(20, 1000, dbfs(-26))));
    expect(Math.abs(m.integrated + 23)).toBeLessThanOrEqual(0.1);
  });

  it('reads mono as one channel: a mono 1 kHz sine at 0 dBFS is −3.0 LUFS', () => {
    const m = measure(sine(5, 1000, 1, 1), 1);
    expect(m.integrated).toBeCloseTo(-3.01, 1);
  });

  it('hears K-weighting: 100 Hz reads lower than 1 kHz at the same level, 4 kHz higher', () => {
    const at = (hz: number) => measure(sine(5, hz, dbfs(-20))).integrated;
    expect(at(100)).toBeLessThan(at(1000) - 0.5);
    expect(at(4000)).toBeGreaterThan(at(1000) + 2);
  });
});

describe('BS.1770-4 true peak', () => {
  it('finds the peak between samples: a ¼ fs sine at 45° has sample peak −3 dB under its true peak (Tech 3341 case 15)', () => {
    // 12 kHz at 48 kHz, phase 45°: every sample lands at ±0.707 of the amplitude.
    const s = sine(1, 12_000, 1, 1, Math.PI / 4);
    let samplePeak = 0;
    for (const v of s) samplePeak = Math.max(samplePeak, Math.abs(v));
    expect(20 * Math.log10(samplePeak)).toBeCloseTo(-3.01, 1);
    const tp = 20 * Math.log10(truePeakOf(s, 1));
    expect(tp).toBeGreaterThanOrEqual(-0.4);
    expect(tp).toBeLessThanOrEqual(0.2);
  });

  it('reads a 1 kHz sine at its own peak', () => {
    expect(20 * Math.log10(truePeakOf(sine(1, 1000, dbfs(-6)), 2))).toBeCloseTo(-6, 1);
  });
});
