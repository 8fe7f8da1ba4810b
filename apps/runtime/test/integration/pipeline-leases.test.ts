import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { openRedis } from '../../src/cluster/redis.ts';
import { waitFor } from '../fixtures/app.ts';

// Several processes competing for one pipeline through the machine's Redis (CI provides it; never skipped).
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `showflow-test-${randomBytes(6).toString('hex')}:`;
const TTL_MS = 2000;

interface Worker {
  name: string;
  child: ChildProcess;
  lines: string[];
}

const workers: Worker[] = [];

function startWorker(name: string, pipelineId: string, trustLease = false): Worker {
  const args = [path.join(here, 'lease-worker.fixture.ts'), redisUrl, prefix, pipelineId, name, String(TTL_MS), ...(trustLease ? ['--trust-lease'] : [])];
  // Node itself with tsx's loader (not the tsx wrapper), so signals reach the worker and kill -9 kills it.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  const worker: Worker = { name, child, lines: [] };
  let buffer = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    worker.lines.push(...parts);
  });
  child.stderr!.on('data', (d: Buffer) => worker.lines.push(`stderr: ${d}`));
  workers.push(worker);
  return worker;
}

/** What each process printed, for a failure message. */
const dump = () => workers.map((w) => `${w.name} (exit ${w.child.exitCode ?? w.child.signalCode ?? 'running'}): ${w.lines.join(' | ')}`).join('\n');

async function until<T>(check: () => T | undefined | false | null, what: string): Promise<T> {
  try {
    return await waitFor(check, what, 90_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${dump()}`);
  }
}

const acquired = (w: Worker) => w.lines.filter((l) => l.startsWith('acquired ')).map((l) => Number(l.split(' ')[1]));

interface Frame {
  instanceId: string;
  token: number;
  seq: number;
}

describe('pipeline leases across processes', () => {
  let redis: Redis;
  const frames = async (pipelineId: string, list = 'frames'): Promise<Frame[]> =>
    (await redis.lrange(`${prefix}${list}:${pipelineId}`, 0, -1)).map((f) => JSON.parse(f) as Frame);

  /** Frames in the order Redis took them: tokens never go back, and each token is one instance's. */
  function expectOneOwnerAtATime(list: Frame[]): void {
    const ownerOf = new Map<number, string>();
    for (const [i, f] of list.entries()) {
      if (i > 0) expect(f.token, `frame ${i} of ${f.instanceId} after token ${list[i - 1].token}`).toBeGreaterThanOrEqual(list[i - 1].token);
      expect(ownerOf.get(f.token) ?? f.instanceId).toBe(f.instanceId);
      ownerOf.set(f.token, f.instanceId);
    }
  }

  beforeAll(async () => {
    redis = await openRedis(redisUrl);
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('runs a pipeline on exactly one of three processes; kill -9 of the owner hands it to another', async () => {
    const three = ['one', 'two', 'three'].map((n) => startWorker(n, 'show'));
    const owner = await until(() => three.find((w) => acquired(w).length > 0), 'a first owner');
    // Frames come at most one per 20 ms, so this many span more than a lease's life: the owner
    // has had to renew, and the others have tried again and again meanwhile.
    const framesBefore = await waitForCount('show', Math.ceil((1.5 * TTL_MS) / 20));

    owner.child.kill('SIGKILL');
    const next = await until(() => three.find((w) => w !== owner && acquired(w).length > 0), 'a new owner after the kill');
    expect(acquired(next)[0]).toBeGreaterThan(acquired(owner)[0]);
    await waitForCount('show', framesBefore + 10);
    const list = await frames('show');
    expectOneOwnerAtATime(list);
    expect(new Set(list.map((f) => f.instanceId))).toEqual(new Set([owner.name, next.name]));
    // No token was ever handed out twice. (A loaded machine may let a lease lapse and pass the
    // pipeline on more often; that is allowed, running it twice at once is not.)
    const tokens = three.flatMap(acquired);
    expect(new Set(tokens).size).toBe(tokens.length);

    // Without the fence too: an owner stops before its successor can start.
    expectOneOwnerAtATime(await frames('show', 'plain'));

    // Draining: SIGTERM releases at once, and the last one takes over.
    const last = three.find((w) => w !== owner && w !== next)!;
    next.child.kill('SIGTERM');
    await until(() => acquired(last).length > 0, 'the last process to take over after a drain');
    expectOneOwnerAtATime(await frames('show'));
    expectOneOwnerAtATime(await frames('show', 'plain'));
  }, 180_000);

  it('refuses the writes of an owner paused past its lease when it wakes up (fencing)', async () => {
    const stale = startWorker('stale', 'paused', true);
    await until(() => acquired(stale).length > 0, 'the first owner');
    await waitForCount('paused', 5);
    stale.child.kill('SIGSTOP');
    const successor = startWorker('successor', 'paused');
    await until(() => acquired(successor).length > 0, 'the successor after the lease ran out');
    const framesAtTakeover = (await frames('paused')).length;
    await waitForCount('paused', framesAtTakeover + 3);
    stale.child.kill('SIGCONT');
    // The woken owner still believes in its lease (it skips the clock check) and writes: refused.
    await until(() => stale.lines.includes(`fenced ${acquired(stale)[0]}`), 'the stale owner to be fenced off');
    const list = await frames('paused');
    expectOneOwnerAtATime(list);
    const firstOfSuccessor = list.findIndex((f) => f.instanceId === 'successor');
    expect(list.slice(firstOfSuccessor).every((f) => f.instanceId === 'successor' || f.token > acquired(successor)[0])).toBe(true);
  }, 180_000);

  async function waitForCount(pipelineId: string, count: number): Promise<number> {
    let length = 0;
    const deadline = Date.now() + 60_000;
    while ((length = await redis.llen(`${prefix}frames:${pipelineId}`)) < count) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} frames of ${pipelineId} (have ${length})`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return length;
  }
});
