import { describe, expect, it } from 'vitest';
import { dbfs, sine, whiteNoise } from '../../test/support/signals.ts';
import { TruePeakLimiter } from './limiter.ts';
import { truePeakOf } from './true-peak.ts';

const limiter = (channels = 2) => new TruePeakLimiter(channels, { ceiling: dbfs(-1), lookahead: 72, releaseFrames: 48 * 80 });

function run(l: TruePeakLimiter, input: Float32Array): Float32Array {
  const out = new Float32Array(input.length);
  for (let at = 0; at < input.length; at += 960) l.process(input.subarray(at, at + 960), out.subarray(at, at + 960));
  return out;
}

describe('true-peak limiter', () => {
  it('passes a signal under the ceiling unchanged, only delayed by its latency', () => {
    const l = limiter();
    const input = sine(1, 1000, dbfs(-6));
    const out = run(l, input);
    const d = l.latencyFrames * 2;
    for (let i = d; i < input.length; i += 97) expect(out[i]).toBeCloseTo(input[i - d], 6);
  });

  it('holds full-band noise 12 dB too hot under the ceiling, oversampled peaks included', () => {
    const input = whiteNoise(3, 0.5, 2, 1).map((v) => v * 2);
    expect(20 * Math.log10(truePeakOf(input, 2))).toBeGreaterThan(4);
    const out = run(limiter(), input);
    expect(20 * Math.log10(truePeakOf(out, 2))).toBeLessThanOrEqual(-1 + 0.05);
  });

  it('catches an isolated click at full scale without touching the tone far from it', () => {
    const input = sine(1, 440, dbfs(-12));
    for (let i = 0; i < 4; i++) input[(24_000 + i) * 2] = input[(24_000 + i) * 2 + 1] = 1;
    const l = limiter();
    const out = run(l, input);
    expect(20 * Math.log10(truePeakOf(out, 2))).toBeLessThanOrEqual(-1 + 0.05);
    const d = l.latencyFrames;
    // 100 ms before the click the tone is untouched.
    expect(out[(24_000 - 4_800 + d) * 2]).toBeCloseTo(input[(24_000 - 4_800) * 2], 6);
  });
});
