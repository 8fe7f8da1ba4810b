import { lufsOf } from './loudness.ts';

/**
 * Gated loudness (BS.1770 gating: −70 LUFS absolute, −10 LU relative) over the last N
 * 400 ms blocks: the programme loudness a live normaliser steers by. A whole-show integrated
 * value would stop reacting after the first minutes; a window of seconds follows a change
 * of speaker or music while the gating keeps pauses from pulling the gain up.
 */
export class WindowedLoudness {
  private readonly energies: Float64Array;
  private count = 0;

  constructor(blocks: number) {
    this.energies = new Float64Array(Math.max(1, blocks));
  }

  add(energy: number): void {
    this.energies[this.count % this.energies.length] = energy;
    this.count++;
  }

  loudness(): number {
    const n = Math.min(this.count, this.energies.length);
    let sum = 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const e = this.energies[i];
      if (lufsOf(e) > -70) {
        sum += e;
        kept++;
      }
    }
    if (kept === 0) return -Infinity;
    const threshold = lufsOf(sum / kept) - 10;
    sum = 0;
    kept = 0;
    for (let i = 0; i < n; i++) {
      const e = this.energies[i];
      if (lufsOf(e) > threshold) {
        sum += e;
        kept++;
      }
    }
    return kept > 0 ? lufsOf(sum / kept) : -Infinity;
  }
}
