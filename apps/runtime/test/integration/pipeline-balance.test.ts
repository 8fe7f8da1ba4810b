import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Redis } from 'ioredis';
import { openRedis } from '../../src/cluster/redis.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { clientWith } from '../fixtures/auth.ts';
import { clusterSetting } from '../fixtures/cluster-setting.ts';
import { chainDocument } from '../fixtures/documents.ts';
import { killRuntimeProcess, scrapeRunning, startRuntimeProcess, type RuntimeProcess } from '../fixtures/runtime-process.ts';

// Runtime processes on the machine's PostgreSQL and Redis. Lease life as in the failover
// test: long enough that a starved machine does not lose leases over and over.
const TTL_MS = 5000;
const { baseUrl, redisUrl, schema, prefix, token, env } = clusterSetting('balance_test', TTL_MS);
const PIPELINES = ['show-1', 'show-2', 'show-3', 'show-4'];

/** Each pipeline with the instances moving its frames between two looks, for the pipelines seen. */
type Placed = Map<string, string[]>;

describe('sharing pipelines out among runtime instances by load', () => {
  let store: PostgresStore;
  let redis: Redis;
  const runtimes: RuntimeProcess[] = [];
  const live = () => runtimes.filter((r) => !r.gone());

  /** Where each pipeline runs with frames flowing: looked at twice, 300 ms apart, on every live instance. */
  async function placed(): Promise<Placed> {
    const look = async () => new Map(await Promise.all(live().map(async (r) => [r.name, await scrapeRunning(r.url, token)] as const)));
    const before = await look();
    await new Promise((r) => setTimeout(r, 300));
    const after = await look();
    const result: Placed = new Map();
    for (const [name, running] of after) {
      for (const [id, p] of running ?? []) {
        const then = before.get(name)?.get(id)?.processed.get('out') ?? 0;
        if ((p.processed.get('out') ?? 0) > then) result.set(id, [...(result.get(id) ?? []), name]);
      }
    }
    return result;
  }

  const perInstance = (where: Placed) => {
    const counts = new Map<string, number>(live().map((r) => [r.name, 0]));
    for (const names of where.values()) for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    return counts;
  };

  /** Waits until every pipeline runs on exactly one instance and the instances hold `expected` pipelines each. */
  async function settled(what: string, expected: Record<string, number>): Promise<Placed> {
    const deadline = Date.now() + 90_000;
    let where: Placed = new Map();
    for (;;) {
      where = await placed();
      const once = PIPELINES.every((id) => where.get(id)?.length === 1);
      const counts = perInstance(where);
      if (once && Object.entries(expected).every(([name, n]) => counts.get(name) === n)) return where;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify([...where])}\n${runtimes.map((r) => `${r.name}: ${r.output()}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    store = await PostgresStore.open({ connectionString: baseUrl, schema, dropSchemaOnClose: true });
    redis = await openRedis(redisUrl);
    // The demo pipeline counts as seeded: only the four pipelines below are shared out.
    await redis.set(`${prefix}once:seed`, 'test');
    runtimes.push(...(await Promise.all(['one', 'two'].map((name) => startRuntimeProcess(name, env)))));
  }, 300_000);

  afterAll(async () => {
    for (const r of runtimes) if (!r.gone()) r.child.kill('SIGKILL');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await store?.close();
  }, 30_000);

  it('runs two pipelines on each of two instances, all four on the survivor of a kill, and hands one on to an instance that joins', async () => {
    onTestFailed(() => console.error(runtimes.map((r) => `${r.name}: ${r.output()}`).join('\n')));
    const [one] = runtimes;
    const client = clientWith(one.url, token);
    // Every deploy through one instance: without load-aware placement it would run all four.
    const deployMs: number[] = [];
    for (const id of PIPELINES) {
      await client.pipelines.create.mutate({ id, name: id });
      const started = performance.now();
      const { version } = await client.pipelines.deploy.mutate({ id, document: chainDocument(id, { cameraMs: 100 }) });
      deployMs.push(Math.round(performance.now() - started));
      // A deploy answers once the pipeline runs, here or on the instance it was left to.
      const runningOn = (await Promise.all(live().map(async (r) => ((await scrapeRunning(r.url, token))?.get(id)?.version === version ? [r.name] : [])))).flat();
      expect(runningOn, `${id} right after its deploy`).toHaveLength(1);
    }
    console.log(`deploy through one instance, ms: ${deployMs.join(', ')}`);

    await settled('two pipelines on each instance', { one: 2, two: 2 });
    // The instances advertise what they hold.
    await expect
      .poll(async () => {
        const ids = await redis.smembers(`${prefix}instances`);
        const loads = await Promise.all(ids.map(async (id) => JSON.parse((await redis.get(`${prefix}instance-load:${id}`)) ?? '{}') as { pipelines?: number; cpu?: number }));
        return loads.map((l) => [l.pipelines, typeof l.cpu]);
      }, { timeout: 20_000, interval: 200 })
      .toEqual([
        [2, 'number'],
        [2, 'number'],
      ]);

    // kill -9 one instance mid-show: the other takes its two over.
    const victim = runtimes[1];
    const killedAt = performance.now();
    await killRuntimeProcess(victim);
    await settled('all four on the survivor', { one: 4 });
    console.log(`kill → all four running on the survivor: ${Math.round(performance.now() - killedAt)} ms`);

    // A new instance joins: the survivor holds more than its share plus one (4 > ceil(4/2)+1) and hands one on.
    runtimes.push(await startRuntimeProcess('three', env));
    await settled('one pipeline handed on to the instance that joined', { one: 3, three: 1 });
  }, 300_000);
});
