/**
 * Latency samples over a sliding window of the most recent `capacity` observations,
 * so percentiles follow the show as it is now rather than since start.
 */
export class SlidingHistogram {
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;
  private total = 0;

  constructor(readonly capacity = 512) {
    this.samples = new Float64Array(capacity);
  }

  record(value: number): void {
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
    this.total++;
  }

  /** Observations ever recorded (not only those in the window). */
  get count(): number {
    return this.total;
  }

  /** Nearest-rank percentiles of the window; zeros when empty. */
  percentiles(): { p50: number; p95: number; p99: number } {
    if (this.filled === 0) return { p50: 0, p95: 0, p99: 0 };
    const sorted = this.samples.slice(0, this.filled).sort();
    const at = (q: number) => sorted[Math.min(this.filled - 1, Math.max(0, Math.ceil(q * this.filled) - 1))];
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }

  reset(): void {
    this.next = 0;
    this.filled = 0;
  }
}

/** Events per second over the last `windowMs`, counted in fixed buckets (no per-event allocation). */
export class RateMeter {
  private readonly buckets: Float64Array;
  private readonly bucketMs: number;
  private currentBucket = -1;
  private readonly startedAt: number;

  constructor(
    private readonly windowMs = 5000,
    bucketCount = 10,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.buckets = new Float64Array(bucketCount);
    this.bucketMs = windowMs / bucketCount;
    this.startedAt = clock();
  }

  mark(count = 1): void {
    this.advance();
    this.buckets[this.currentBucket % this.buckets.length] += count;
  }

  perSecond(): number {
    this.advance();
    let sum = 0;
    for (const b of this.buckets) sum += b;
    // The window is the full buckets plus the part of the current one that has passed
    // (and early on, only as long as the meter has existed).
    const elapsed = this.clock() - this.startedAt;
    const inCurrent = elapsed - this.currentBucket * this.bucketMs;
    const span = Math.min(elapsed, (this.buckets.length - 1) * this.bucketMs + inCurrent);
    return span > 0 ? (sum * 1000) / span : 0;
  }

  private advance(): void {
    const bucket = Math.floor((this.clock() - this.startedAt) / this.bucketMs);
    if (this.currentBucket < 0) this.currentBucket = bucket;
    const steps = Math.min(bucket - this.currentBucket, this.buckets.length);
    for (let i = 1; i <= steps; i++) this.buckets[(this.currentBucket + i) % this.buckets.length] = 0;
    if (bucket > this.currentBucket) this.currentBucket = bucket;
  }
}
