import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { openRedis } from './redis.ts';
import { RedisBudget } from './redis-budget.ts';

// CI provides Redis; without it this file fails (it never skips).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `showflow-test-${randomBytes(6).toString('hex')}:`;

/** Settles every promise into 'ok' or its error code. */
const outcomes = (calls: Promise<unknown>[]) => Promise.all(calls.map((c) => c.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e))));
const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;

describe('RedisBudget across instances', () => {
  // Two connections: two runtime instances.
  let one: Redis;
  let two: Redis;
  beforeAll(async () => {
    one = await openRedis(redisUrl);
    two = await openRedis(redisUrl);
  });
  afterAll(async () => {
    const keys = await one.keys(`${prefix}*`);
    if (keys.length) await one.del(...keys);
    one.disconnect();
    two.disconnect();
  });
  const budgets = (options: Partial<ConstructorParameters<typeof RedisBudget>[1]> = {}) => {
    const o = { ratePerMinute: 1, burst: 5, dailyCapCents: 1_000_000, prefix, ...options };
    return [new RedisBudget(one, o), new RedisBudget(two, o)] as const;
  };

  it('lets a creator burst exactly `burst` calls in total, whichever instance they reach', async () => {
    const [a, b] = budgets();
    const results = await outcomes(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).admit('rate-creator', 1)));
    expect(count(results, 'ok')).toBe(5);
    expect(count(results, 'SF501')).toBe(35);
    // Rate refusals say when to retry, and hold nothing against the cap.
    const refusal = await a.admit('rate-creator', 1).catch((e: { details?: { retryAfterMs?: number } }) => e);
    expect((refusal as { details: { retryAfterMs: number } }).details.retryAfterMs).toBeGreaterThan(0);
    expect(await a.usage('rate-creator')).toMatchObject({ reservedCents: 5 });
    // Other creators have their own bucket.
    expect(await outcomes([b.admit('someone-else', 1)])).toEqual(['ok']);
  });

  it('never lets two instances spend past the daily cap: estimates are reserved first', async () => {
    const [a, b] = budgets({ ratePerMinute: 6000, burst: 1000, dailyCapCents: 100 });
    const results = await outcomes(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).admit('cap-creator', 10)));
    expect(count(results, 'ok')).toBe(10);
    expect(count(results, 'SF502')).toBe(20);
    expect(await a.usage('cap-creator')).toEqual({ spentCents: 0, reservedCents: 100, capCents: 100 });
  });

  it('settles a call once: success moves the estimate into spend at its real cost, failure frees it', async () => {
    const [a, b] = budgets({ ratePerMinute: 6000, burst: 1000, dailyCapCents: 50, creatorCaps: { vip: 200 } });
    const first = await a.admit('settler', 20);
    const second = await b.admit('settler', 20);
    await first.succeeded(15);
    await first.succeeded(15);
    await second.failed();
    expect(await b.usage('settler')).toEqual({ spentCents: 15, reservedCents: 0, capCents: 50 });
    // 15 spent + 40 would pass 50: refused on either instance.
    expect(await outcomes([a.admit('settler', 40), b.admit('settler', 40)])).toEqual(['SF502', 'SF502']);
    expect(await outcomes([a.admit('settler', 35)])).toEqual(['ok']);
    // A creator's own cap replaces the default.
    expect(await outcomes([b.admit('vip', 150)])).toEqual(['ok']);
  });
});
