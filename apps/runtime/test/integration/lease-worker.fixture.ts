/**
 * A runtime instance reduced to its pipeline ownership: takes the pipeline's lease when
 * free, "runs" it by pushing one fenced frame record every 20 ms while it holds it, renews
 * the lease every third of its life, and stops as soon as the lease is lost. Each frame also
 * goes to an unfenced list, where only the lease keeps owners from overlapping. Prints
 * `acquired <token>`, `lost <token>` and `fenced <token>` lines for the test to follow.
 *
 *   tsx lease-worker.fixture.ts <redisUrl> <prefix> <pipelineId> <instanceId> <ttlMs> [--trust-lease]
 *
 * `--trust-lease` skips the local-clock check before each write, as an owner that was paused
 * between the check and the write would: only the fence can stop it then.
 */
import { openRedis } from '../../src/cluster/redis.ts';
import { PipelineLeases, type Lease } from '../../src/cluster/pipeline-lease.ts';

const [redisUrl, prefix, pipelineId, instanceId, ttl, flag] = process.argv.slice(2);
const ttlMs = Number(ttl);
const trustLease = flag === '--trust-lease';
const redis = await openRedis(redisUrl);
const leases = new PipelineLeases(redis, { instanceId, ttlMs, prefix });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let lease: Lease | undefined;
let renewedAt = 0;
let seq = 0;
process.on('SIGTERM', async () => {
  // Draining: hand the pipeline over at once instead of letting the lease run out.
  if (lease) await leases.release(lease).catch(() => undefined);
  redis.disconnect();
  process.exit(0);
});

for (;;) {
  if (!lease) {
    lease = await leases.acquire(pipelineId).catch(() => undefined);
    if (!lease) {
      await sleep(ttlMs / 10);
      continue;
    }
    renewedAt = performance.now();
    console.log(`acquired ${lease.token}`);
  }
  if (!trustLease && !leases.held(lease)) {
    console.log(`lost ${lease.token}`);
    lease = undefined;
    continue;
  }
  try {
    const frame = JSON.stringify({ instanceId, token: lease.token, seq: seq++ });
    // Unfenced too, so a test can see that owners take turns by the lease alone.
    if (!trustLease) await redis.rpush(`${prefix}plain:${pipelineId}`, frame);
    await leases.fencedPush(lease, `frames:${pipelineId}`, frame);
  } catch (err) {
    console.log(`${(err as { code?: string }).code === 'SF333' ? 'fenced' : 'lost'} ${lease.token}`);
    lease = undefined;
    continue;
  }
  if (performance.now() - renewedAt > ttlMs / 3) {
    renewedAt = performance.now();
    if (!(await leases.renew(lease).catch(() => false)) && !trustLease) {
      console.log(`lost ${lease.token}`);
      lease = undefined;
      continue;
    }
  }
  await sleep(20);
}
