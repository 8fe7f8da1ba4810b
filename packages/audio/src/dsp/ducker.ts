import { dbToGain, SAMPLE_RATE } from '../block.ts';

export interface DuckerOptions {
  /** How far the bed goes down while the voice is present, dB (positive). */
  depthDb: number;
  /** Voice level (RMS of a block, dBFS) above which the voice counts as present. */
  thresholdDb: number;
  attackMs: number;
  releaseMs: number;
  /** How long the voice must stay under the threshold before the bed comes back. */
  holdMs: number;
}

/**
 * Side-chain ducking: the voice's block RMS opens and closes a gate; the bed's gain follows
 * it with attack and release time constants, ramped across each block.
 */
export class Ducker {
  private gainDb = 0;
  private heldFor = Infinity;
  /** True while the voice is above the threshold (or within the hold time after it). */
  active = false;

  constructor(private readonly o: DuckerOptions) {}

  get currentGainDb(): number {
    return this.gainDb;
  }

  /** Updates from one voice block and returns the bed gain ramp [from, to] (linear) for it. */
  next(voice: Float32Array | undefined, frames: number): [number, number] {
    const ms = (frames / SAMPLE_RATE) * 1000;
    let energy = 0;
    if (voice) for (let i = 0; i < voice.length; i++) energy += voice[i] * voice[i];
    const rmsDb = voice && voice.length ? 10 * Math.log10(energy / voice.length + 1e-20) : -Infinity;
    this.heldFor = rmsDb > this.o.thresholdDb ? 0 : this.heldFor + ms;
    this.active = this.heldFor <= this.o.holdMs;
    const target = this.active ? -this.o.depthDb : 0;
    const tau = target < this.gainDb ? this.o.attackMs : this.o.releaseMs;
    const from = dbToGain(this.gainDb);
    this.gainDb += (target - this.gainDb) * (1 - Math.exp(-ms / Math.max(0.001, tau)));
    return [from, dbToGain(this.gainDb)];
  }
}
