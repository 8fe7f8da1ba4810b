import { KWeighting } from './k-weighting.ts';

/** BS.1770 loudness of a mean-square energy (channel weights 1 for L and R). */
export function lufsOf(energy: number): number {
  return energy > 0 ? -0.691 + 10 * Math.log10(energy) : -Infinity;
}

export function energyOf(lufs: number): number {
  return Math.pow(10, (lufs + 0.691) / 10);
}

const SUB_BLOCK_FRAMES = 4800; // 100 ms at 48 kHz: the gating blocks' hop (75 % overlap)
const MOMENTARY_SUBS = 4; // 400 ms
const SHORT_TERM_SUBS = 30; // 3 s
const ABSOLUTE_GATE = -70;
const RELATIVE_GATE = -10;

/**
 * Gated loudness over a set of 400 ms block energies (BS.1770-4 §2.8): blocks under −70 LUFS
 * are ignored, then blocks more than 10 LU under the mean of the rest. Kept as a histogram
 * of 0.1 LU bins (energy sums, not just counts, so the mean is exact) so an integrated
 * reading over a whole show needs constant memory.
 */
export class GatedHistogram {
  private static readonly BINS = 1000; // -70 … +30 LUFS
  private readonly counts = new Float64Array(GatedHistogram.BINS);
  private readonly energies = new Float64Array(GatedHistogram.BINS);

  add(energy: number, weight = 1): void {
    const l = lufsOf(energy);
    if (!(l > ABSOLUTE_GATE)) return;
    const bin = Math.min(GatedHistogram.BINS - 1, Math.floor((l - ABSOLUTE_GATE) * 10));
    this.counts[bin] += weight;
    this.energies[bin] += energy * weight;
  }

  loudness(): number {
    let n = 0;
    let e = 0;
    for (let i = 0; i < GatedHistogram.BINS; i++) {
      n += this.counts[i];
      e += this.energies[i];
    }
    if (n <= 0) return -Infinity;
    const threshold = lufsOf(e / n) + RELATIVE_GATE;
    const first = Math.max(0, Math.ceil((threshold - ABSOLUTE_GATE) * 10));
    n = 0;
    e = 0;
    for (let i = first; i < GatedHistogram.BINS; i++) {
      n += this.counts[i];
      e += this.energies[i];
    }
    return n > 0 ? lufsOf(e / n) : -Infinity;
  }

  reset(): void {
    this.counts.fill(0);
    this.energies.fill(0);
  }
}

/**
 * A BS.1770-4 / EBU R128 meter fed with interleaved 48 kHz blocks of any length: momentary
 * (400 ms), short-term (3 s) and integrated (gated, since start or reset) loudness. Every
 * 100 ms, when a new 400 ms gating block completes, `onGatingBlock` gets its energy.
 */
export class LoudnessMeter {
  private filters: KWeighting[] = [];
  private channels = 0;
  private readonly subs = new Float64Array(SHORT_TERM_SUBS);
  private subCount = 0;
  private subEnergy = 0;
  private subFrames = 0;
  private readonly histogram = new GatedHistogram();
  momentary = -Infinity;
  shortTerm = -Infinity;

  constructor(private readonly onGatingBlock?: (energy: number) => void) {}

  get integrated(): number {
    return this.histogram.loudness();
  }

  push(samples: Float32Array, channels: number): void {
    if (channels !== this.channels) {
      this.channels = channels;
      this.filters = Array.from({ length: channels }, () => new KWeighting());
    }
    const frames = samples.length / channels;
    let at = 0;
    while (at < frames) {
      const take = Math.min(frames - at, SUB_BLOCK_FRAMES - this.subFrames);
      for (let c = 0; c < channels; c++) this.subEnergy += this.filters[c].sumSquares(samples, c, channels, at, at + take);
      this.subFrames += take;
      at += take;
      if (this.subFrames === SUB_BLOCK_FRAMES) this.completeSubBlock();
    }
  }

  reset(): void {
    this.subCount = 0;
    this.subEnergy = 0;
    this.subFrames = 0;
    this.histogram.reset();
    this.momentary = -Infinity;
    this.shortTerm = -Infinity;
  }

  private completeSubBlock(): void {
    this.subs[this.subCount % SHORT_TERM_SUBS] = this.subEnergy / SUB_BLOCK_FRAMES;
    this.subCount++;
    this.subEnergy = 0;
    this.subFrames = 0;
    const n = Math.min(this.subCount, SHORT_TERM_SUBS);
    let shortSum = 0;
    for (let i = 0; i < n; i++) shortSum += this.subs[i];
    // Until 3 s have passed the short-term reading covers what there is.
    this.shortTerm = lufsOf(shortSum / n);
    if (this.subCount < MOMENTARY_SUBS) return;
    let sum = 0;
    for (let k = 1; k <= MOMENTARY_SUBS; k++) sum += this.subs[(this.subCount - k) % SHORT_TERM_SUBS];
    const energy = sum / MOMENTARY_SUBS;
    this.momentary = lufsOf(energy);
    this.histogram.add(energy);
    this.onGatingBlock?.(energy);
  }
}
