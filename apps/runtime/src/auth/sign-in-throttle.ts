/**
 * Slows password guessing. Failures are counted per user name and per client address; after
 * `freeFailures` in a row a key is locked for a delay that doubles with each further failure
 * (1 s, 2 s, 4 s … up to `maxLockMs`). While locked, attempts are refused before the password
 * is checked, so a locked account reveals nothing. A success clears the user name's count.
 * Counts live in memory: a restart forgets them, which costs an attacker a restart each time.
 */
export interface ThrottleOptions {
  freeFailures?: number;
  maxLockMs?: number;
  /** Failures older than this are forgotten. */
  windowMs?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly freeFailures: number;
  private readonly maxLockMs: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.freeFailures = options.freeFailures ?? 5;
    this.maxLockMs = options.maxLockMs ?? 15 * 60_000;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until any of the keys may try again; 0 when none is locked. */
  retryAfterMs(keys: readonly string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const entry = this.live(key, now);
      if (entry) wait = Math.max(wait, entry.lockedUntil - now);
    }
    return Math.max(0, wait);
  }

  failed(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const entry = this.live(key, now) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
      entry.failures += 1;
      entry.lastFailure = now;
      const over = entry.failures - this.freeFailures;
      if (over >= 0) entry.lockedUntil = now + Math.min(this.maxLockMs, 1000 * 2 ** Math.min(over, 20));
      this.entries.set(key, entry);
    }
    if (this.entries.size > 10_000) this.prune(now);
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.lastFailure > this.windowMs && now >= entry.lockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(now: number): void {
    for (const key of [...this.entries.keys()]) this.live(key, now);
  }
}
