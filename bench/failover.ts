/**
 * Failover: three runtime processes on one PostgreSQL and one Redis run a show; the
 * instance running it is killed with SIGKILL, and the time from the kill until frames flow
 * again on another instance (its sink has processed a frame, read from /metrics) is
 * measured. Each killed instance is started again before the next kill, so three are
 * always up. The baseline, in the same run, is a drain (SIGTERM): the owner releases the
 * lease on its way out, so the difference is what detecting a dead owner costs. The floor
 * of a kill is the lease life: nobody may start the show before the dead owner's lease ends.
 */
import { randomBytes } from 'node:crypto';
import { parseDocument } from '../apps/runtime/src/service/deployments.ts';
import { openRedis } from '../apps/runtime/src/cluster/redis.ts';
import { DEFAULT_LEASE_TTL_MS } from '../apps/runtime/src/cluster/open-placement.ts';
import { PostgresStore } from '../apps/runtime/src/store/postgres/postgres-store.ts';
import { chainDocument } from '../apps/runtime/test/fixtures/documents.ts';
import {
  killRuntimeProcess,
  scrapeRunning,
  startRuntimeProcess,
  stopRuntimeProcess,
  type RuntimeProcess,
} from '../apps/runtime/test/fixtures/runtime-process.ts';
import { median } from './stats.ts';
import type { BenchResult } from './types.ts';

const KILLS = 11;
const DRAINS = 5;
const GOAL_P95_MS = 5000;
const PIPELINE = 'failover-show';
let token = '';

export default async function (): Promise<BenchResult> {
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const schema = `failover_bench_${randomBytes(6).toString('hex')}`;
  const prefix = `showflow-bench-${randomBytes(6).toString('hex')}:`;
  // An owner token for every instance: /metrics, where the bench reads progress, needs a credential.
  token = randomBytes(32).toString('base64url');
  const env = {
    DATABASE_URL: `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    REDIS_URL: redisUrl,
    SHOWFLOW_REDIS_PREFIX: prefix,
    SHOWFLOW_LEASE_TTL_MS: String(DEFAULT_LEASE_TTL_MS),
    SHOWFLOW_BOOTSTRAP_TOKEN: token,
  };
  const store = await PostgresStore.open({ connectionString: baseUrl, schema, dropSchemaOnClose: true });
  const redis = await openRedis(redisUrl);
  const runtimes: RuntimeProcess[] = [];
  let started = 0;
  const start = async () => runtimes.push(await startRuntimeProcess(`instance-${++started}`, env));
  try {
    // The show is in the store before anyone starts: the first instance to look takes it.
    const document = parseDocument(chainDocument(PIPELINE, { cameraMs: 40 }));
    const { version } = await store.appendVersion({ pipelineId: PIPELINE, hash: 'bench', createdAt: new Date().toISOString(), note: 'bench', changes: { added: [], removed: [], changed: [] }, document });
    const at = new Date().toISOString();
    await store.putPipeline({ id: PIPELINE, name: PIPELINE, createdAt: at, updatedAt: at, draft: document, draftHash: 'bench', activeVersion: version, activations: [] });
    await Promise.all([start(), start(), start()]);

    const kills: number[] = [];
    const drains: number[] = [];
    // Interleaved, so machine load falls on both alike.
    for (let round = 0; kills.length < KILLS || drains.length < DRAINS; round++) {
      const drain = drains.length < DRAINS && (round % 3 === 2 || kills.length >= KILLS);
      const owner = await ownerOf(runtimes);
      const survivors = runtimes.filter((r) => r !== owner);
      const t0 = performance.now();
      const gone = drain ? stopRuntimeProcess(owner) : killRuntimeProcess(owner);
      await framesFlowingOn(survivors);
      (drain ? drains : kills).push(performance.now() - t0);
      await gone;
      runtimes.splice(runtimes.indexOf(owner), 1);
      await start();
    }

    const p50 = percentile(kills, 0.5);
    const p95 = percentile(kills, 0.95);
    const drainP50 = median(drains);
    return {
      title: 'Failover: a killed instance’s show running again elsewhere',
      method: `Three runtime processes on one PostgreSQL and Redis, lease life ${DEFAULT_LEASE_TTL_MS} ms; the instance running a 25 fps show gets SIGKILL and the time until another instance’s sink has processed a frame is read from /metrics (polled every 50 ms). ${KILLS} kills; baseline: ${DRAINS} drains (SIGTERM, the lease is released on the way out), interleaved. The killed instance is restarted before the next round.`,
      rows: [
        { metric: 'kill → frames flowing, p50', value: round(p50), unit: 'ms' },
        { metric: 'kill → frames flowing, p95', value: round(p95), unit: 'ms' },
        { metric: 'kill → frames flowing, max', value: round(Math.max(...kills)), unit: 'ms' },
        { metric: 'floor: lease life', value: DEFAULT_LEASE_TTL_MS, unit: 'ms' },
        { metric: 'baseline: drain (SIGTERM) → frames flowing, p50', value: round(drainP50), unit: 'ms' },
        { metric: 'kill p50 − lease life (detection and start)', value: round(p50 - DEFAULT_LEASE_TTL_MS), unit: 'ms' },
        { metric: 'kill p50 / drain p50', value: round(p50 / drainP50, 2), unit: '×' },
      ],
      goal: `p95 of kill → frames flowing ≤ ${GOAL_P95_MS} ms (floor: the ${DEFAULT_LEASE_TTL_MS} ms lease life)`,
      met: p95 <= GOAL_P95_MS,
      notes: 'Lower SHOWFLOW_LEASE_TTL_MS lowers the floor and costs more Redis renewals (one per held pipeline every third of the lease) and earlier stops of an owner that stalls.',
    };
  } finally {
    for (const r of runtimes) await killRuntimeProcess(r);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await store.close();
  }
}

/** The one instance running the show with frames flowing. */
async function ownerOf(runtimes: RuntimeProcess[]): Promise<RuntimeProcess> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    for (const r of runtimes) {
      const running = (await scrapeRunning(r.url, token))?.get(PIPELINE);
      if ((running?.processed.get('out') ?? 0) > 0) return r;
    }
    if (Date.now() > deadline) throw new Error('no instance runs the show');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function framesFlowingOn(survivors: RuntimeProcess[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const scraped = await Promise.all(survivors.map((r) => scrapeRunning(r.url, token)));
    if (scraped.some((s) => (s?.get(PIPELINE)?.processed.get('out') ?? 0) > 0)) return;
    if (Date.now() > deadline) throw new Error('the show did not run again within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function percentile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const round = (v: number, digits = 0) => Math.round(v * 10 ** digits) / 10 ** digits;
