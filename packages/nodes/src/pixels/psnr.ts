/**
 * Peak signal-to-noise ratio in dB between two 8-bit buffers of the same length;
 * Infinity when they are identical. Sums squared differences per row in int32 (a row
 * of 2^15 bytes cannot overflow) and the rows in a double.
 */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  const mse = meanSquaredError(a, b);
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

const CHUNK = 1 << 15;

export function meanSquaredError(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`buffers differ in length: ${a.length} vs ${b.length}`);
  const n = a.length;
  if (n === 0) return 0;
  let total = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    let sum = 0;
    for (let i = start; i < end; i++) {
      const d = a[i] - b[i];
      sum = (sum + d * d) | 0;
    }
    total += sum;
  }
  return total / n;
}
