import { describe, expect, it } from 'vitest';
import { BudgetGuard } from './budget-guard.ts';
import { TokenBuckets } from './token-bucket.ts';
import { DailyCap } from './daily-cap.ts';

/** A clock the test moves by hand. */
function manualClock(start = Date.UTC(2025, 5, 1, 23, 0, 0)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}
const label = (creator = 'ana', show = 'friday-drop', purpose = 'overlay') => ({ creator, show, purpose });

describe('TokenBuckets', () => {
  it('allows a burst, then refills at the configured rate per creator', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ ratePerMinute: 6, burst: 3, clock: clock.now });
    expect([1, 2, 3].map(() => buckets.take('ana').ok)).toEqual([true, true, true]);
    const refused = buckets.take('ana');
    expect(refused).toEqual({ ok: false, retryAfterMs: 10_000 });
    expect(buckets.take('ben').ok).toBe(true); // creators do not share a bucket
    clock.advance(9_999);
    expect(buckets.take('ana').ok).toBe(false);
    clock.advance(1);
    expect(buckets.take('ana').ok).toBe(true);
    clock.advance(10 * 60_000);
    expect(buckets.available('ana')).toBe(3); // never above the burst
  });
});

describe('DailyCap', () => {
  it('counts reservations so concurrent calls cannot overshoot the cap', () => {
    const clock = manualClock();
    const cap = new DailyCap({ capCents: 10, clock: clock.now });
    const a = cap.reserve('ana', 4);
    const b = cap.reserve('ana', 4);
    expect(a.ok && b.ok).toBe(true);
    expect(cap.reserve('ana', 4)).toEqual({ ok: false, spentCents: 8, capCents: 10 });
    if (a.ok) cap.release(a.reservation);
    expect(cap.reserve('ana', 4).ok).toBe(true);
  });

  it('resets at UTC midnight', () => {
    const clock = manualClock(Date.UTC(2025, 5, 1, 23, 59, 0));
    const cap = new DailyCap({ capCents: 5, clock: clock.now });
    const r = cap.reserve('ana', 5);
    if (r.ok) cap.commit(r.reservation, 5);
    expect(cap.reserve('ana', 1).ok).toBe(false);
    clock.advance(60_000);
    expect(cap.spentToday('ana')).toBe(0);
    expect(cap.reserve('ana', 5).ok).toBe(true);
  });
});

describe('BudgetGuard', () => {
  it('refuses with SF502 once the daily cap is spent, and counts spend per label', () => {
    const clock = manualClock();
    const guard = new BudgetGuard({ ratePerMinute: 1000, burst: 1000, dailyCapCents: 10, clock: clock.now });
    guard.admit(label(), 4).succeeded(4);
    guard.admit(label('ana', 'friday-drop', 'thumbnail'), 4).succeeded(3);
    const error = (() => {
      try {
        guard.admit(label(), 4);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'SF502' });
    expect(guard.spentToday('ana')).toBe(7);
    expect(guard.remainingToday('ana')).toBe(3);
    expect(guard.usage({ creator: 'ana' })).toEqual([
      { label: label(), providerCalls: 1, cacheHits: 0, refusals: 1, failures: 0, spendCents: 4 },
      { label: label('ana', 'friday-drop', 'thumbnail'), providerCalls: 1, cacheHits: 0, refusals: 0, failures: 0, spendCents: 3 },
    ]);
  });

  it('refuses with SF501 and a retry hint when the rate limit is hit, without spending', () => {
    const clock = manualClock();
    const guard = new BudgetGuard({ ratePerMinute: 60, burst: 2, dailyCapCents: 100, clock: clock.now });
    guard.admit(label(), 1).succeeded(1);
    guard.admit(label(), 1).failed();
    expect(() => guard.admit(label(), 1)).toThrow(expect.objectContaining({ code: 'SF501', details: { retryAfterMs: 1000 } }));
    expect(guard.spentToday('ana')).toBe(1);
    clock.advance(1_000);
    expect(() => guard.admit(label(), 1)).not.toThrow();
  });

  it('applies per-creator caps', () => {
    const clock = manualClock();
    const guard = new BudgetGuard({ ratePerMinute: 60, burst: 5, dailyCapCents: 100, creatorCaps: { trial: 0 }, clock: clock.now });
    expect(() => guard.admit(label('trial'), 1)).toThrow(expect.objectContaining({ code: 'SF502' }));
    expect(() => guard.admit(label('pro'), 1)).not.toThrow();
  });
});
