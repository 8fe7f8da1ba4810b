import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createLogger } from '../log.ts';
import { openRedis } from './redis.ts';
import { PipelinePlacement, type PlacementHooks } from './pipeline-placement.ts';

// CI provides Redis; without it this file fails (it never skips).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `showflow-test-${randomBytes(6).toString('hex')}:`;
const log = createLogger('error');

/** An instance's side of placement whose every start of `failing` throws, as a node's setup might. */
function hooks(failing: string, running: Map<string, number>): PlacementHooks {
  return {
    deployed: async () => new Map([[failing, 3], ['fine', 1]]),
    run: async (pipelineId) => {
      if (pipelineId === failing) throw new Error('the capture port is in use');
      running.set(pipelineId, 1);
    },
    stop: async (pipelineId) => void running.delete(pipelineId),
    runningVersion: (pipelineId) => running.get(pipelineId),
  };
}

describe('PipelinePlacement: a change left to another instance', () => {
  let redis: Redis;
  const placements: PipelinePlacement[] = [];
  const open = async (instanceId: string) => {
    const placement = await PipelinePlacement.open(redisUrl, { url: `http://${instanceId}.test`, ttlMs: 3000, instanceId, prefix, log });
    placements.push(placement);
    return placement;
  };

  beforeAll(async () => {
    redis = await openRedis(redisUrl);
  });
  afterAll(async () => {
    await Promise.all(placements.map((p) => p.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('tells the instance that made it why the owner could not start it, instead of waiting out the timeout', async () => {
    const owner = await open('owner');
    const running = new Map<string, number>();
    await owner.start(hooks('broken', running));
    const asking = await open('asking');
    // The other pipeline starts there, and says so.
    await expect(asking.running('fine', 1, 10_000)).resolves.toBe(true);
    const error = await asking.running('broken', 3, 10_000).then(
      () => undefined,
      (err: unknown) => err as { code?: string; message: string },
    );
    expect(error?.code).toBe('SF337');
    expect(error?.message).toContain('version 3 could not be started on instance owner: the capture port is in use');
    // A version the owner has not tried yet is still waited for, not refused on an old failure.
    await expect(asking.running('broken', 4, 300)).resolves.toBe(false);
  });
});
