/**
 * When a dropped destination may be tried again: 1 s, 2 s, 4 s … up to 30 s; a run that
 * stayed up for a minute resets it, so a brief outage after hours live retries quickly.
 */
export class Backoff {
  private failures = 0;
  private retryAt = 0;
  private startedAt = 0;

  constructor(
    private readonly now: () => number,
    private readonly maxMs = 30_000,
  ) {}

  started(): void {
    this.startedAt = this.now();
  }

  failed(): number {
    if (this.startedAt && this.now() - this.startedAt > 60_000) this.failures = 0;
    const delay = Math.min(this.maxMs, 1000 * 2 ** this.failures);
    this.failures++;
    this.retryAt = this.now() + delay;
    return delay;
  }

  mayTry(): boolean {
    return this.now() >= this.retryAt;
  }

  waitMs(): number {
    return Math.max(0, this.retryAt - this.now());
  }
}
