import type { Redis } from 'ioredis';
import { GenerativeError, utcDay } from '@showflow/generative';

export interface RedisBudgetOptions {
  ratePerMinute: number;
  burst: number;
  /** Default cap per creator per UTC day, in cents. */
  dailyCapCents: number;
  creatorCaps?: Record<string, number>;
  /** Keys start with this; default `showflow:`. */
  prefix?: string;
  /** Wall time for the UTC day; the token bucket uses Redis's own clock so instances agree. */
  now?: () => number;
}

/** A call allowed to reach the provider; settle it exactly once. */
export interface RedisAdmission {
  succeeded(actualCents: number): Promise<void>;
  failed(): Promise<void>;
}

// One script, so the cap check, the rate check and both updates happen as one step for every
// instance: a refusal for rate takes nothing from the cap, and two instances can never both
// spend the last cent or the last token. The bucket refills from Redis's clock (TIME).
const ADMIT = `
local cap = tonumber(ARGV[1])
local cents = tonumber(ARGV[2])
local rate_per_ms = tonumber(ARGV[3]) / 60000
local burst = tonumber(ARGV[4])
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
if spent + reserved + cents > cap then return {1, spent + reserved} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tokens = tonumber(redis.call('HGET', KEYS[2], 'tokens') or tostring(burst))
local at = tonumber(redis.call('HGET', KEYS[2], 'at') or tostring(now))
tokens = math.min(burst, tokens + math.max(0, now - at) * rate_per_ms)
if tokens < 1 then return {2, math.ceil((1 - tokens) / rate_per_ms)} end
redis.call('HSET', KEYS[2], 'tokens', tostring(tokens - 1), 'at', now)
redis.call('PEXPIRE', KEYS[2], math.ceil(burst / rate_per_ms) + 60000)
redis.call('HINCRBY', KEYS[1], 'reserved', cents)
redis.call('EXPIRE', KEYS[1], 172800)
return {0, 0}`;

// Moves a reservation into spend (or just drops it): reserved -= estimate, spent += actual.
const SETTLE = `
redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(ARGV[1]))
if tonumber(ARGV[2]) > 0 then redis.call('HINCRBY', KEYS[1], 'spent', tonumber(ARGV[2])) end
return 1`;

/**
 * The generative budget shared by every runtime instance on one Redis (REDIS_URL): the
 * per-creator rate limit (token bucket) and the per-creator daily cap with reserve-first
 * accounting, as BudgetGuard keeps them in one process. Refusals are the same SF501 (with
 * retryAfterMs) and SF502.
 */
export class RedisBudget {
  private readonly prefix: string;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisBudgetOptions,
  ) {
    this.prefix = options.prefix ?? 'showflow:';
    this.now = options.now ?? Date.now;
  }

  capFor(creator: string): number {
    return this.options.creatorCaps?.[creator] ?? this.options.dailyCapCents;
  }

  async admit(creator: string, estimateCents: number): Promise<RedisAdmission> {
    const day = utcDay(this.now());
    const spendKey = `${this.prefix}budget:${day}:${creator}`;
    const cap = this.capFor(creator);
    const [outcome, value] = (await this.redis.eval(
      ADMIT,
      2,
      spendKey,
      `${this.prefix}rate:${creator}`,
      cap,
      Math.ceil(estimateCents),
      this.options.ratePerMinute,
      this.options.burst,
    )) as [number, number];
    if (outcome === 1) {
      throw new GenerativeError('SF502', `creator ${JSON.stringify(creator)} has spent ${value} of ${cap} cents today (UTC); this call would cost ${estimateCents}`);
    }
    if (outcome === 2) {
      throw new GenerativeError('SF501', `creator ${JSON.stringify(creator)} is over the generation rate limit; retry in ${value} ms`, { retryAfterMs: value });
    }
    let settled = false;
    // A call that spans midnight counts on the day it started, like the in-process cap.
    const settle = async (actualCents: number) => {
      if (settled) return;
      settled = true;
      await this.redis.eval(SETTLE, 1, spendKey, Math.ceil(estimateCents), Math.ceil(actualCents));
    };
    return { succeeded: (actual) => settle(actual), failed: () => settle(0) };
  }

  /** Spent and held cents of a creator today, for readouts. */
  async usage(creator: string): Promise<{ spentCents: number; reservedCents: number; capCents: number }> {
    const [spent, reserved] = await this.redis.hmget(`${this.prefix}budget:${utcDay(this.now())}:${creator}`, 'spent', 'reserved');
    return { spentCents: Number(spent ?? 0), reservedCents: Number(reserved ?? 0), capCents: this.capFor(creator) };
  }
}
