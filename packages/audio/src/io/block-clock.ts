import { BLOCK_FRAMES, SAMPLE_RATE } from '../block.ts';

export const BLOCK_MS = (BLOCK_FRAMES / SAMPLE_RATE) * 1000;

/**
 * Real-time pacing for audio a node makes itself. The runtime's source timer skips late
 * ticks, which for audio would be gaps; instead each tick asks how many 10 ms blocks are due
 * since the start and emits them all. After a stall longer than `maxCatchUp` blocks the
 * clock jumps ahead (the skipped blocks are counted) instead of bursting seconds of sound.
 */
export class BlockClock {
  private start: number | undefined;
  private sinceStart = 0;
  private seq = 0;
  skipped = 0;

  constructor(private readonly maxCatchUp = 20) {}

  /** How many blocks to emit now; the first call (or the first after `restart`) starts the clock and emits one. */
  due(now: number): number {
    this.start ??= now;
    const n = Math.floor((now - this.start) / BLOCK_MS) + 1 - this.sinceStart;
    if (n > this.maxCatchUp) {
      this.skipped += n - this.maxCatchUp;
      this.sinceStart += n - this.maxCatchUp;
      this.seq += n - this.maxCatchUp;
      return this.maxCatchUp;
    }
    return Math.max(0, n);
  }

  /** Sequence number and capture time of the next block; call once per block emitted. */
  next(): { seq: number; captureTs: number } {
    const captureTs = (this.start ?? 0) + this.sinceStart * BLOCK_MS;
    this.sinceStart++;
    return { seq: this.seq++, captureTs };
  }

  /** Starts timing afresh at the next `due` (after another clock drove the output); sequence numbers continue. */
  restart(): void {
    this.start = undefined;
    this.sinceStart = 0;
  }
}
