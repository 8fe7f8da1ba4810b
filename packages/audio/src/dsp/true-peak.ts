/**
 * ITU-R BS.1770-4 Annex 2 true-peak estimation: 4× oversampling with the standard's 48-tap
 * interpolation filter, split into four 12-tap phases. Coefficients are the standard's.
 */
export const TRUE_PEAK_PHASES: readonly Float64Array[] = [
  [0.001708984375, 0.010986328125, -0.0196533203125, 0.033203125, -0.0594482421875, 0.1373291015625, 0.97216796875, -0.102294921875, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500],
  [-0.0291748046875, 0.029296875, -0.0517578125, 0.0891113281250, -0.166503906250, 0.4650878906250, 0.7797851562500, -0.2003173828125, 0.1015625, -0.0582275390625, 0.0330810546875, -0.0189208984375],
  [-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625, -0.2003173828125, 0.7797851562500, 0.4650878906250, -0.166503906250, 0.0891113281250, -0.0517578125, 0.029296875, -0.0291748046875],
  [-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.102294921875, 0.97216796875, 0.1373291015625, -0.0594482421875, 0.033203125, -0.0196533203125, 0.010986328125, 0.001708984375],
].map((phase) => Float64Array.from(phase));

const TAPS = 12;
/** The interpolated values computed when sample n arrives lie between samples n−6 and n−5. */
export const TRUE_PEAK_DELAY = 6;

/** One channel's interpolator: feed samples in order, read the largest |value| around each. */
export class TruePeakChannel {
  // Twice the taps so a window of the last 12 samples is always contiguous.
  private readonly history = new Float64Array(TAPS * 2);
  private at = 0;

  /**
   * Pushes sample n; returns the largest magnitude between samples n−6 and n−5: the two
   * samples themselves and the four interpolated values between them.
   */
  push(x: number): number {
    const h = this.history;
    h[this.at] = x;
    h[this.at + TAPS] = x;
    this.at = (this.at + 1) % TAPS;
    // h[at .. at+11] now holds the last 12 samples, oldest first.
    const s6 = h[this.at + 5];
    const s5 = h[this.at + 6];
    let peak = Math.max(s6 < 0 ? -s6 : s6, s5 < 0 ? -s5 : s5);
    for (let p = 0; p < 4; p++) {
      const c = TRUE_PEAK_PHASES[p];
      let y = 0;
      for (let k = 0; k < TAPS; k++) y += c[TAPS - 1 - k] * h[this.at + k];
      const a = y < 0 ? -y : y;
      if (a > peak) peak = a;
    }
    return peak;
  }
}

/** True peak of a whole interleaved buffer (for tests and meters): max over channels of the oversampled magnitude. */
export function truePeakOf(samples: Float32Array, channels: number): number {
  const detectors = Array.from({ length: channels }, () => new TruePeakChannel());
  let peak = 0;
  const tail = TRUE_PEAK_DELAY * channels;
  for (let i = 0; i < samples.length + tail; i++) {
    const c = i % channels;
    const x = i < samples.length ? samples[i] : 0;
    peak = Math.max(peak, detectors[c].push(x), Math.abs(x));
  }
  return peak;
}
