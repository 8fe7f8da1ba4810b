/**
 * A FIFO of stereo frames between an input's arrivals and the block that consumes them:
 * the mixer's alignment buffer. Bounded: when it holds more than `maxFrames` the oldest
 * frames are discarded (and counted), so one input running ahead cannot build latency.
 */
export class StereoFifo {
  private readonly ring: Float32Array;
  private head = 0;
  private size = 0;
  dropped = 0;
  underrun = 0;

  constructor(private readonly maxFrames: number) {
    this.ring = new Float32Array(maxFrames * 2);
  }

  get frames(): number {
    return this.size;
  }

  /** Appends interleaved mono or stereo samples (mono is copied to both sides). */
  push(samples: Float32Array, channels: number, gain = 1): void {
    const frames = samples.length / channels;
    for (let f = 0; f < frames; f++) {
      if (this.size === this.maxFrames) {
        this.head = (this.head + 1) % this.maxFrames;
        this.size--;
        this.dropped++;
      }
      const at = ((this.head + this.size) % this.maxFrames) * 2;
      const l = samples[f * channels];
      this.ring[at] = l * gain;
      this.ring[at + 1] = (channels === 2 ? samples[f * channels + 1] : l) * gain;
      this.size++;
    }
  }

  /** Adds `frames` frames into `out` (interleaved stereo) scaled by a ramp; missing frames are silence. */
  mixInto(out: Float32Array, frames: number, from = 1, to = 1): void {
    const step = (to - from) / frames;
    for (let f = 0; f < frames; f++) {
      if (this.size === 0) {
        this.underrun += frames - f;
        return;
      }
      const g = from + step * (f + 1);
      const at = this.head * 2;
      out[f * 2] += this.ring[at] * g;
      out[f * 2 + 1] += this.ring[at + 1] * g;
      this.head = (this.head + 1) % this.maxFrames;
      this.size--;
    }
  }
}
