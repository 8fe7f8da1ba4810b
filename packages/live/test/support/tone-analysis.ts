/** RMS and the strongest frequency (10 Hz steps, 100–2000 Hz) of the left channel of 48 kHz blocks. */
export function analyseTone(blocks: Array<{ samples: Float32Array; channels: number }>): { rms: number; peakHz: number } {
  const left: number[] = [];
  for (const block of blocks) for (let i = 0; i < block.samples.length; i += block.channels) left.push(block.samples[i]);
  const rms = Math.sqrt(left.reduce((sum, x) => sum + x * x, 0) / left.length);
  let peakHz = 0;
  let peakPower = -1;
  for (let hz = 100; hz <= 2000; hz += 10) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < left.length; n++) {
      const phase = (2 * Math.PI * hz * n) / 48_000;
      re += left[n] * Math.cos(phase);
      im -= left[n] * Math.sin(phase);
    }
    const power = re * re + im * im;
    if (power > peakPower) [peakPower, peakHz] = [power, hz];
  }
  return { rms, peakHz };
}
