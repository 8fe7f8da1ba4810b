/**
 * Plays a decoded effect (interleaved stereo) any number of times at once, up to
 * `maxVoices`: a burst of tips overlaps instead of queueing, and the oldest play gives way
 * when the limit is reached.
 */
export class EffectVoices {
  private playheads: number[] = [];

  constructor(private readonly maxVoices: number) {}

  get playing(): number {
    return this.playheads.length;
  }

  trigger(): void {
    if (this.playheads.length >= this.maxVoices) this.playheads.shift();
    this.playheads.push(0);
  }

  /** Adds the next `frames` frames of every playing voice into `out` (interleaved stereo). */
  mixInto(out: Float32Array, frames: number, effect: Float32Array, gain: number): void {
    const effectFrames = effect.length / 2;
    for (let v = 0; v < this.playheads.length; v++) {
      const at = this.playheads[v];
      const n = Math.min(frames, effectFrames - at);
      for (let f = 0; f < n; f++) {
        out[f * 2] += effect[(at + f) * 2] * gain;
        out[f * 2 + 1] += effect[(at + f) * 2 + 1] * gain;
      }
      this.playheads[v] = at + n;
    }
    this.playheads = this.playheads.filter((p) => p < effectFrames);
  }
}
