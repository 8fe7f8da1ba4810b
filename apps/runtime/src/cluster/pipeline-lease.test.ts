import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { openRedis } from './redis.ts';
import { PipelineLeases } from './pipeline-lease.ts';

// CI provides Redis; without it this file fails (it never skips).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `showflow-test-${randomBytes(6).toString('hex')}:`;

describe('PipelineLeases', () => {
  let redis: Redis;
  const leases = (instanceId: string, ttlMs = 60_000) => new PipelineLeases(redis, { instanceId, ttlMs, prefix });

  beforeAll(async () => {
    redis = await openRedis(redisUrl);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('gives a pipeline to one instance at a time, with a larger token each time', async () => {
    const a = leases('a');
    const b = leases('b');
    const first = await a.acquire('show');
    expect(first?.token).toBe(1);
    expect(await b.acquire('show')).toBeUndefined();
    expect(await a.acquire('show')).toBeUndefined();
    expect(await b.owner('show')).toEqual({ instanceId: 'a', token: 1 });
    // Another pipeline is free.
    expect((await b.acquire('other'))?.token).toBe(1);

    await a.release(first!);
    expect(a.held(first!)).toBe(false);
    const second = await b.acquire('show');
    expect(second?.token).toBe(2);
    expect(await a.owner('show')).toEqual({ instanceId: 'b', token: 2 });
  });

  it('renews only the holder; an expired lease is free for the next instance', async () => {
    const a = leases('a', 300);
    const b = leases('b', 300);
    const lease = (await a.acquire('expiring'))!;
    expect(await a.renew(lease)).toBe(true);
    // b cannot renew or release what it does not hold.
    await b.release({ ...lease });
    expect(await b.renew({ ...lease, validUntil: performance.now() + 1000 })).toBe(false);
    expect(await a.owner('expiring')).toMatchObject({ instanceId: 'a' });

    let taken: Awaited<ReturnType<PipelineLeases['acquire']>>;
    for (;;) {
      taken = await b.acquire('expiring');
      if (taken) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(taken.token).toBe(lease.token + 1);
    expect(a.held(lease)).toBe(false);
    expect(await a.renew(lease)).toBe(false);
  });

  it('fences a stale owner: its writes are refused once a newer token has written', async () => {
    const a = leases('a', 200);
    const b = leases('b', 200);
    const old = (await a.acquire('fenced'))!;
    await a.fencedPush(old, 'frames:fenced', 'a1');
    let successor: Awaited<ReturnType<PipelineLeases['acquire']>>;
    while (!(successor = await b.acquire('fenced'))) await new Promise((r) => setTimeout(r, 50));
    // The new owner holds the lease: the old one is refused even before the new one writes.
    await expect(a.fencedPush(old, 'frames:fenced', 'a2')).rejects.toMatchObject({ code: 'SF333' });
    await b.fencedPush(successor, 'frames:fenced', 'b1');
    await b.release(successor);
    // Released, and still refused: a newer token has written.
    await expect(a.fencedPush(old, 'frames:fenced', 'a3')).rejects.toMatchObject({ code: 'SF333' });
    expect(await redis.lrange(`${prefix}frames:fenced`, 0, -1)).toEqual(['a1', 'b1']);
  });

  it('refuses an address where no Redis answers with SF332, password hidden', async () => {
    await expect(openRedis('redis://user:secret@127.0.0.1:1')).rejects.toMatchObject({ code: 'SF332', message: expect.not.stringContaining('secret') });
  });
});
