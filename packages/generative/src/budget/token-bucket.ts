import type { Clock } from './clock.ts';

export interface TokenBucketOptions {
  /** Tokens refilled per minute, per key. */
  ratePerMinute: number;
  /** Bucket size: how many calls may burst at once. */
  burst: number;
  clock: Clock;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Keyed token buckets (one per creator), refilled lazily from the clock. */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #options: TokenBucketOptions;

  constructor(options: TokenBucketOptions) {
    this.#options = options;
  }

  /** Takes one token, or says how long until one is available. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const bucket = this.#refill(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const perMs = this.#options.ratePerMinute / 60_000;
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
  }

  /** Tokens available now, for readouts. */
  available(key: string): number {
    return Math.floor(this.#refill(key).tokens);
  }

  #refill(key: string): Bucket {
    const now = this.#options.clock();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= 10_000) this.#forgetFull(now);
      bucket = { tokens: this.#options.burst, at: now };
      this.#buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.#options.burst, bucket.tokens + (elapsed * this.#options.ratePerMinute) / 60_000);
    bucket.at = now;
    return bucket;
  }

  /** A full bucket carries no state worth keeping; dropping it bounds memory. */
  #forgetFull(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) * this.#options.ratePerMinute) / 60_000 >= this.#options.burst) this.#buckets.delete(key);
    }
  }
}
