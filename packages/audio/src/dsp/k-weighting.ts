/**
 * ITU-R BS.1770-4 K-weighting at 48 kHz: a high shelf (+4 dB above ~1.5 kHz, the head's
 * effect) then a high pass (RLB, ~38 Hz). Coefficients are the standard's, for 48 kHz only.
 */
const SHELF = { b0: 1.53512485958697, b1: -2.69169618940638, b2: 1.19839281085285, a1: -1.69065929318241, a2: 0.73248077421585 };
const HIGH_PASS = { b0: 1.0, b1: -2.0, b2: 1.0, a1: -1.99004745483398, a2: 0.99007225036621 };

/** Filter state of one channel (direct form II transposed, two stages). */
export class KWeighting {
  private s1a = 0;
  private s1b = 0;
  private s2a = 0;
  private s2b = 0;

  /** Sum of squares of the K-weighted samples of one channel of an interleaved buffer, frames [from, to). */
  sumSquares(samples: Float32Array, channel: number, channels: number, from = 0, to = samples.length / channels): number {
    let { s1a, s1b, s2a, s2b } = this;
    let sum = 0;
    const end = to * channels;
    for (let i = from * channels + channel; i < end; i += channels) {
      const x = samples[i];
      const y1 = SHELF.b0 * x + s1a;
      s1a = SHELF.b1 * x - SHELF.a1 * y1 + s1b;
      s1b = SHELF.b2 * x - SHELF.a2 * y1;
      const y2 = HIGH_PASS.b0 * y1 + s2a;
      s2a = HIGH_PASS.b1 * y1 - HIGH_PASS.a1 * y2 + s2b;
      s2b = HIGH_PASS.b2 * y1 - HIGH_PASS.a2 * y2;
      sum += y2 * y2;
    }
    this.s1a = s1a;
    this.s1b = s1b;
    this.s2a = s2a;
    this.s2b = s2b;
    return sum;
  }
}
