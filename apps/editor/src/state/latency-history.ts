/** One point of a node's latency sparkline. */
export interface LatencySample {
  at: number;
  p50: number;
  p95: number;
}

/**
 * A node's recent latencies in a fixed ring of typed arrays. Every metrics update appends
 * one sample for every running node (300 on a large graph, several times a second), so an
 * append allocates nothing and moves nothing: once a show has run a minute, shifting a full
 * array per node per update was most of the store's own cost of an update. Objects are made
 * only when a sparkline reads.
 */
export class LatencyHistory {
  private readonly at: Float64Array;
  private readonly p50: Float64Array;
  private readonly p95: Float64Array;
  private start = 0;
  private length = 0;
  private snapshot: readonly LatencySample[] | null = null;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {
    this.at = new Float64Array(capacity);
    this.p50 = new Float64Array(capacity);
    this.p95 = new Float64Array(capacity);
  }

  /** Appends a sample at `at`, dropping the oldest past the capacity and those older than the window. */
  push(at: number, p50: number, p95: number): void {
    if (this.length === this.capacity) {
      this.start = (this.start + 1) % this.capacity;
      this.length--;
    }
    const i = (this.start + this.length) % this.capacity;
    this.at[i] = at;
    this.p50[i] = p50;
    this.p95[i] = p95;
    this.length++;
    while (this.length > 0 && this.at[this.start] <= at - this.windowMs) {
      this.start = (this.start + 1) % this.capacity;
      this.length--;
    }
    this.snapshot = null;
  }

  /** Oldest first; the same array until the next push, so a store selector sees no change. */
  samples(): readonly LatencySample[] {
    if (this.snapshot) return this.snapshot;
    const out: LatencySample[] = [];
    for (let k = 0; k < this.length; k++) {
      const i = (this.start + k) % this.capacity;
      out.push({ at: this.at[i], p50: this.p50[i], p95: this.p95[i] });
    }
    return (this.snapshot = out);
  }
}
