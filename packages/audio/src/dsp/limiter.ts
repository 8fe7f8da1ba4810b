import { TRUE_PEAK_DELAY, TruePeakChannel } from './true-peak.ts';

export interface LimiterOptions {
  /** Ceiling as linear gain (e.g. 10^(−1/20) for −1 dBTP). */
  ceiling: number;
  /** Lookahead in frames: the gain is already down when a peak reaches the output. */
  lookahead: number;
  /** Release time constant in frames. */
  releaseFrames: number;
}

/**
 * A lookahead true-peak limiter. For every frame the gain needed to keep the oversampled
 * peak (BS.1770 Annex 2) under the ceiling is computed; a sliding minimum over the lookahead
 * and a moving average of the same length give a smooth gain that is, by construction, at
 * or under that need at the frame it is applied to; release lets the gain recover
 * exponentially. Latency: lookahead + the interpolator's 6 frames.
 */
export class TruePeakLimiter {
  private readonly detectors: TruePeakChannel[];
  private readonly delay: Float32Array;
  private readonly delayFrames: number;
  private delayAt = 0;
  // Sliding minimum (monotonic deque over a ring) of the required gain.
  private readonly minValues: Float64Array;
  private readonly minIndex: Float64Array;
  private minHead = 0;
  private minTail = 0;
  private frame = 0;
  private released = 1;
  // Moving average of the released gain.
  private readonly avgRing: Float64Array;
  private avgSum: number;
  private avgAt = 0;
  private readonly releaseCoef: number;
  /** Smallest gain applied since the last read, for readouts (1 = not limiting). */
  minGain = 1;

  constructor(readonly channels: number, private readonly o: LimiterOptions) {
    this.detectors = Array.from({ length: channels }, () => new TruePeakChannel());
    this.delayFrames = o.lookahead - 1 + TRUE_PEAK_DELAY;
    this.delay = new Float32Array(Math.max(1, this.delayFrames) * channels);
    const cap = o.lookahead + 1;
    this.minValues = new Float64Array(cap);
    this.minIndex = new Float64Array(cap);
    this.avgRing = new Float64Array(o.lookahead).fill(1);
    this.avgSum = o.lookahead;
    this.releaseCoef = 1 - Math.exp(-1 / Math.max(1, o.releaseFrames));
  }

  get latencyFrames(): number {
    return this.delayFrames;
  }

  /** Limits interleaved `input` into `output` (same length; may be the same array). */
  process(input: Float32Array, output: Float32Array): void {
    const ch = this.channels;
    const { ceiling, lookahead } = this.o;
    const cap = lookahead + 1;
    const frames = input.length / ch;
    let minGain = this.minGain;
    for (let f = 0; f < frames; f++) {
      let peak = 0;
      const d = this.delayAt * ch;
      for (let c = 0; c < ch; c++) {
        const x = input[f * ch + c];
        const p = this.detectors[c].push(x);
        if (p > peak) peak = p;
      }
      const need = peak > ceiling ? ceiling / peak : 1;
      // Sliding minimum over the last `lookahead` frames.
      const n = this.frame++;
      while (this.minTail > this.minHead && this.minValues[(this.minTail - 1) % cap] >= need) this.minTail--;
      this.minValues[this.minTail % cap] = need;
      this.minIndex[this.minTail % cap] = n;
      this.minTail++;
      while (this.minIndex[this.minHead % cap] <= n - lookahead) this.minHead++;
      const windowMin = this.minValues[this.minHead % cap];
      // Release towards the window minimum, never above it.
      this.released = windowMin < this.released ? windowMin : this.released + (windowMin - this.released) * this.releaseCoef;
      this.avgSum += this.released - this.avgRing[this.avgAt];
      this.avgRing[this.avgAt] = this.released;
      this.avgAt = (this.avgAt + 1) % lookahead;
      const gain = Math.min(1, this.avgSum / lookahead);
      if (gain < minGain) minGain = gain;
      for (let c = 0; c < ch; c++) {
        const old = this.delay[d + c];
        this.delay[d + c] = input[f * ch + c];
        output[f * ch + c] = old * gain;
      }
      this.delayAt = (this.delayAt + 1) % this.delayFrames;
    }
    this.minGain = minGain;
  }
}
