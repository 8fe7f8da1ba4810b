/**
 * Calls `tick` every `intervalMs` against a fixed schedule (start + n·interval), so
 * timer lateness does not accumulate into a lower frame rate. Ticks missed by more than
 * a whole interval are skipped and reported, not fired in a burst.
 */
export class DriftFreeTimer {
  private handle: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private tickIndex = 0;
  private running = false;

  constructor(
    private readonly intervalMs: number,
    private readonly tick: (index: number, skipped: number) => void,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.clock();
    this.tickIndex = 0;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
  }

  private schedule(skipped: number): void {
    const due = this.startedAt + this.tickIndex * this.intervalMs;
    this.handle = setTimeout(() => this.fire(skipped), Math.max(0, due - this.clock()));
  }

  private fire(skipped: number): void {
    if (!this.running) return;
    const index = this.tickIndex;
    this.tickIndex++;
    // Behind by more than one interval: jump to the next slot in the future.
    const behind = Math.floor((this.clock() - this.startedAt) / this.intervalMs) - index;
    let skip = 0;
    if (behind > 1) {
      skip = behind - 1;
      this.tickIndex += skip;
    }
    try {
      this.tick(index, skipped);
    } finally {
      if (this.running) this.schedule(skip);
    }
  }
}
