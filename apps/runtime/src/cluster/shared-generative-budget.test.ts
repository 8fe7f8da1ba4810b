import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { GenerativeService, OfflineProvider } from '@showflow/generative';
import { openRedis } from './redis.ts';
import { RedisBudget } from './redis-budget.ts';

// Two generative services, as two runtime instances would run them, on the machine's Redis (never skipped).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `showflow-test-${randomBytes(6).toString('hex')}:`;

describe('the generative budget shared by two services through Redis', () => {
  let redis: Redis;
  const dirs: string[] = [];
  const services: GenerativeService[] = [];

  async function service(limits: { ratePerMinute: number; burst: number; dailyCapCents: number }): Promise<GenerativeService> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sf-shared-budget-'));
    dirs.push(dataDir);
    const s = await GenerativeService.open({
      provider: new OfflineProvider(),
      dataDir,
      budget: limits,
      sharedBudget: (budget) => new RedisBudget(redis, { ...budget, prefix }),
    });
    services.push(s);
    return s;
  }

  beforeAll(async () => {
    redis = await openRedis(redisUrl);
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('lets through exactly the burst across both services, refusing the rest with SF501', async () => {
    // Each service alone would allow 4 in a burst; together they may not pass 4 either.
    const limits = { ratePerMinute: 1, burst: 4, dailyCapCents: 100_000 };
    const [a, b] = await Promise.all([service(limits), service(limits)]);
    const label = { creator: 'ana', show: 'friday', purpose: 'overlay' };
    const calls = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? a : b)
        .generate({ nodeKey: `n${i}`, label, request: { prompt: `poster ${i}`, style: 'poster', width: 64, height: 64, seed: i } })
        .then(() => 'ok', (err: { code?: string }) => err.code ?? 'other'),
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'SF501')).toHaveLength(6);
  });
});
