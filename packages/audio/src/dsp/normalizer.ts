import { dbToGain, SAMPLE_RATE } from '../block.ts';
import { TruePeakLimiter } from './limiter.ts';
import { LoudnessMeter } from './loudness.ts';
import { WindowedLoudness } from './windowed-loudness.ts';

/**
 * BS.1770-4 Annex 2 says a 4× oversampled estimate can read up to 0.688 dB under the real
 * peak between its points; ffmpeg's ebur128 (which resamples to 192 kHz with a longer filter)
 * read 0.4 dB above our estimate on full-band noise. The limiter aims this far under the
 * ceiling so the ceiling holds for any meter, at the cost of 0.7 dB of headroom.
 */
export const TRUE_PEAK_MARGIN_DB = 0.7;

export interface NormalizerOptions {
  targetLufs: number;
  ceilingDbtp: number;
  /** Seconds of programme the loudness is measured over. */
  windowS: number;
  /** Most the gain may rise, dB: a long quiet stretch must not lift the noise floor to speech level. */
  maxGainDb: number;
  /** Time constants of the gain, s: cut fast (a loud source must not blast), raise slowly (no pumping). */
  downS: number;
  upS: number;
  limiterLookaheadMs: number;
  limiterReleaseMs: number;
}

/**
 * Loudness normalisation for a live stream: the input's gated loudness over a sliding
 * window sets a gain towards the target; the gain moves smoothly (ramped within each block,
 * so there is no zipper noise), and a true-peak limiter keeps the result under the ceiling.
 */
export class LoudnessNormalizer {
  private readonly meter: LoudnessMeter;
  private readonly window: WindowedLoudness;
  private limiter: TruePeakLimiter | undefined;
  private gainDb = 0;
  private targetGainDb = 0;
  private settled = false;
  private jump = false;
  /** The measured input loudness the gain follows (−∞ until 400 ms have been heard). */
  inputLufs = -Infinity;

  constructor(private readonly o: NormalizerOptions) {
    this.window = new WindowedLoudness(Math.round(o.windowS * 10));
    this.meter = new LoudnessMeter((energy) => {
      this.window.add(energy);
      this.inputLufs = this.window.loudness();
      // Silence (everything under the absolute gate) keeps the gain where it was.
      if (!Number.isFinite(this.inputLufs)) return;
      this.targetGainDb = Math.min(o.maxGainDb, o.targetLufs - this.inputLufs);
      // The first reading (400 ms in) sets the gain at once: a stream starts at its level
      // instead of fading towards it over the first seconds.
      if (!this.settled) this.jump = true;
      this.settled = true;
    });
  }

  get currentGainDb(): number {
    return this.gainDb;
  }

  /** Deepest limiter gain (dB, ≤ 0) since the last call, for a readout; starts a new interval. */
  takeLimiterGainDb(): number {
    const g = this.limiter?.minGain ?? 1;
    if (this.limiter) this.limiter.minGain = 1;
    return 20 * Math.log10(g);
  }

  get latencyFrames(): number {
    return this.limiter?.latencyFrames ?? 0;
  }

  /** Normalises one interleaved block into a new array. */
  process(samples: Float32Array, channels: number): Float32Array {
    this.meter.push(samples, channels);
    if (!this.limiter || this.limiter.channels !== channels) {
      this.limiter = new TruePeakLimiter(channels, {
        ceiling: dbToGain(this.o.ceilingDbtp - TRUE_PEAK_MARGIN_DB),
        lookahead: Math.max(2, Math.round((this.o.limiterLookaheadMs / 1000) * SAMPLE_RATE)),
        releaseFrames: (this.o.limiterReleaseMs / 1000) * SAMPLE_RATE,
      });
    }
    const frames = samples.length / channels;
    const seconds = frames / SAMPLE_RATE;
    const tau = this.targetGainDb < this.gainDb ? this.o.downS : this.o.upS;
    const from = dbToGain(this.gainDb);
    this.gainDb = this.jump ? this.targetGainDb : this.gainDb + (this.targetGainDb - this.gainDb) * (1 - Math.exp(-seconds / tau));
    this.jump = false;
    const to = dbToGain(this.gainDb);
    const out = new Float32Array(samples.length);
    const step = (to - from) / frames;
    for (let f = 0; f < frames; f++) {
      const g = from + step * (f + 1);
      for (let c = 0; c < channels; c++) out[f * channels + c] = samples[f * channels + c] * g;
    }
    this.limiter.process(out, out);
    return out;
  }
}
