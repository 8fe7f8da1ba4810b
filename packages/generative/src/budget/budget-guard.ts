import { GenerativeError } from '../errors.ts';
import type { BudgetLabel } from '../types.ts';
import type { Clock } from './clock.ts';
import { DailyCap, type DailyCapOptions } from './daily-cap.ts';
import { TokenBuckets } from './token-bucket.ts';
import { UsageLedger, type LabelUsage } from './usage-ledger.ts';

export interface BudgetOptions {
  ratePerMinute: number;
  burst: number;
  dailyCapCents: number;
  creatorCaps?: Record<string, number>;
  clock: Clock;
  initialSpend?: DailyCapOptions['initial'];
  onSpend?: DailyCapOptions['onSpend'];
}

/** A call allowed to reach the provider; settle it exactly once. */
export interface Admission {
  succeeded(actualCents: number): void;
  failed(): void;
}

/**
 * Decides, before any provider call, whether a creator may spend: first the daily cap
 * (reserving the estimate), then the per-creator rate limit. Refusals throw SF502/SF501
 * and are counted against the label.
 */
export class BudgetGuard {
  readonly #cap: DailyCap;
  readonly #buckets: TokenBuckets;
  readonly #ledger = new UsageLedger();

  constructor(options: BudgetOptions) {
    this.#cap = new DailyCap({ capCents: options.dailyCapCents, creatorCaps: options.creatorCaps, clock: options.clock, initial: options.initialSpend, onSpend: options.onSpend });
    this.#buckets = new TokenBuckets({ ratePerMinute: options.ratePerMinute, burst: options.burst, clock: options.clock });
  }

  admit(label: BudgetLabel, estimateCents: number): Admission {
    const row = this.#ledger.row(label);
    const reserved = this.#cap.reserve(label.creator, estimateCents);
    if (!reserved.ok) {
      row.refusals++;
      throw new GenerativeError(
        'SF502',
        `creator ${JSON.stringify(label.creator)} has spent ${reserved.spentCents} of ${reserved.capCents} cents today (UTC); this call would cost ${estimateCents}`,
      );
    }
    const token = this.#buckets.take(label.creator);
    if (!token.ok) {
      this.#cap.release(reserved.reservation);
      row.refusals++;
      throw new GenerativeError('SF501', `creator ${JSON.stringify(label.creator)} is over the generation rate limit; retry in ${token.retryAfterMs} ms`, { retryAfterMs: token.retryAfterMs });
    }
    let settled = false;
    return {
      succeeded: (actualCents) => {
        if (settled) return;
        settled = true;
        this.#cap.commit(reserved.reservation, actualCents);
        row.providerCalls++;
        row.spendCents += actualCents;
      },
      failed: () => {
        if (settled) return;
        settled = true;
        this.#cap.release(reserved.reservation);
        row.providerCalls++;
        row.failures++;
      },
    };
  }

  recordCacheHit(label: BudgetLabel): void {
    this.#ledger.row(label).cacheHits++;
  }

  usage(filter?: Partial<BudgetLabel>): LabelUsage[] {
    return this.#ledger.query(filter);
  }

  spentToday(creator: string): number {
    return this.#cap.spentToday(creator);
  }

  remainingToday(creator: string): number {
    return Math.max(0, this.#cap.capFor(creator) - this.#cap.spentToday(creator));
  }

  tokensAvailable(creator: string): number {
    return this.#buckets.available(creator);
  }
}
