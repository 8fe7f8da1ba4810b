/** Frames per second over the last second, from event times. */
export class RateMeter {
  private readonly times: number[] = [];
  constructor(private readonly windowMs = 1000) {}

  mark(now: number): void {
    this.times.push(now);
    this.trim(now);
  }

  rate(now: number): number {
    this.trim(now);
    return (this.times.length * 1000) / this.windowMs;
  }

  private trim(now: number): void {
    while (this.times.length && this.times[0] <= now - this.windowMs) this.times.shift();
  }
}

/** Keeps the most recent samples so percentiles follow the stream, not its whole history. */
export class SampleWindow {
  private readonly samples: number[] = [];
  constructor(private readonly capacity = 600) {}

  add(value: number): void {
    this.samples.push(value);
    if (this.samples.length > this.capacity) this.samples.shift();
  }

  get count(): number {
    return this.samples.length;
  }

  percentile(p: number): number {
    return percentile(this.samples, p);
  }
}

/** Nearest-rank percentile; NaN for no samples. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across pages on one machine. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
