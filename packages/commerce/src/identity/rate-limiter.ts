/**
 * Token buckets per key (an address, a viewer): `burst` requests at once, then one per
 * `refillMs`. In memory per instance — a limit on how fast one client can go, not a
 * ledger; the database still enforces every stock and per-viewer rule.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: { burst: number; refillMs: number; clock?: () => number; maxKeys?: number },
  ) {}

  /** Takes one token; answers 0 when allowed, else the milliseconds until the next token. */
  take(key: string): number {
    const now = (this.options.clock ?? Date.now)();
    const { burst, refillMs } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    const refilled = Math.min(burst, bucket.tokens + (now - bucket.at) / refillMs);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now });
      return Math.ceil((1 - refilled) * refillMs);
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now });
    if (this.buckets.size > (this.options.maxKeys ?? 100_000)) this.prune(now);
    return 0;
  }

  /** Forgets full buckets (they behave exactly like unknown keys), so memory follows active clients. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) / this.options.refillMs >= this.options.burst) this.buckets.delete(key);
    }
  }
}
