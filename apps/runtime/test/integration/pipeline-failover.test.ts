import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '@showflow/live/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Redis } from 'ioredis';
import { TRPCClientError } from '@trpc/client';
import { openRedis } from '../../src/cluster/redis.ts';
import { parseDocument } from '../../src/service/deployments.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { clientWith } from '../fixtures/auth.ts';
import { clusterSetting } from '../fixtures/cluster-setting.ts';
import { chainDocument } from '../fixtures/documents.ts';
import { killRuntimeProcess, scrapeRunning, startRuntimeProcess, stopRuntimeProcess, type RuntimeProcess } from '../fixtures/runtime-process.ts';

// Three runtime processes on the machine's PostgreSQL and Redis. Lease life longer than the
// default 3000 ms: on a starved machine (the suite runs at load 20 and more) an instance whose
// renewals come back late loses its leases, safely but over and over.
const TTL_MS = 5000;
const { baseUrl, redisUrl, schema, prefix, token, env } = clusterSetting('failover_test', TTL_MS);
const PIPELINES = ['carried', 'show-a', 'show-b', 'show-c'];

type Owners = Map<string, string[]>;

describe('running pipelines across three runtime instances', () => {
  let store: PostgresStore;
  let redis: Redis;
  const runtimes: RuntimeProcess[] = [];
  const live = () => runtimes.filter((r) => !r.gone());
  /** Every round of the sampler: which instances reported each pipeline running, with its sink's frame count. */
  const rounds: Map<string, { instance: string; version: number; frames: number }[]>[] = [];
  let sampling = true;
  let sampler: Promise<void> | undefined;


  async function sample(): Promise<void> {
    while (sampling) {
      const current = live();
      const scraped = await Promise.all(current.map(async (r) => [r, await scrapeRunning(r.url, token)] as const));
      const round = new Map<string, { instance: string; version: number; frames: number }[]>();
      for (const [r, running] of scraped) {
        for (const [pipelineId, p] of running ?? []) {
          round.set(pipelineId, [...(round.get(pipelineId) ?? []), { instance: r.name, version: p.version, frames: p.processed.get('out') ?? 0 }]);
        }
      }
      rounds.push(round);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Owners as the latest round saw them. */
  const owners = (): Owners => new Map([...(rounds.at(-1)?.entries() ?? [])].map(([id, list]) => [id, list.map((e) => e.instance)]));

  /** Waits until every pipeline runs on exactly one live instance, the store's active version, with frames flowing. */
  async function everyPipelineRunningOnce(what: string): Promise<Owners> {
    const deadline = Date.now() + 60_000;
    // Only rounds begun after this call count: a round in progress now may have scraped an
    // instance just killed, and older rounds describe the show before the change awaited.
    const firstFresh = rounds.length + 1;
    for (;;) {
      const active = new Map((await store.listPipelines()).map((p) => [p.id, p.activeVersion]));
      const [before, after] = rounds.length >= firstFresh + 2 ? rounds.slice(-2) : [];
      const ok =
        before &&
        after &&
        PIPELINES.every((id) => {
          const now = after.get(id) ?? [];
          const then = before.get(id) ?? [];
          return now.length === 1 && now[0].version === active.get(id) && then.length === 1 && then[0].instance === now[0].instance && now[0].frames > then[0].frames;
        });
      if (ok) return owners();
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify([...owners()])}\n${runtimes.map((r) => `${r.name}: ${r.output()}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  beforeAll(async () => {
    store = await PostgresStore.open({ connectionString: baseUrl, schema, dropSchemaOnClose: true });
    redis = await openRedis(redisUrl);
    // One show deployed before the instances start (they take it over from the store), so the
    // database is not empty and nobody seeds the demo pipeline.
    const document = parseDocument(chainDocument('carried', { cameraMs: 100 }));
    const { version } = await store.appendVersion({ pipelineId: 'carried', hash: 'h1', createdAt: new Date().toISOString(), note: 'before', changes: { added: [], removed: [], changed: [] }, document });
    const at = new Date().toISOString();
    await store.putPipeline({ id: 'carried', name: 'Carried', createdAt: at, updatedAt: at, draft: document, draftHash: 'h1', activeVersion: version, activations: [{ version, at, reason: 'deploy' }] });
    runtimes.push(...(await Promise.all(['one', 'two', 'three'].map((name) => startRuntimeProcess(name, env)))));
    sampler = sample();
  }, 300_000);

  afterAll(async () => {
    sampling = false;
    await sampler;
    for (const r of runtimes) if (!r.gone()) r.child.kill('SIGKILL');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await store?.close();
  }, 30_000);

  it('runs each pipeline on one instance, redirects pipeline calls to it, shares sign-ins, and hands a killed instance’s pipelines on', async () => {
    onTestFailed(() => console.error(runtimes.map((r) => `${r.name}: ${r.output()}`).join('\n')));
    // Deploys from different instances: each pipeline starts where it was deployed, if free.
    for (const [i, id] of PIPELINES.slice(1).entries()) {
      const client = clientWith(runtimes[i].url, token);
      await client.pipelines.create.mutate({ id, name: id });
      await client.pipelines.deploy.mutate({ id, document: chainDocument(id, { cameraMs: 100 }) });
    }
    let placed = await everyPipelineRunningOnce('every pipeline placed');

    // A non-owner redirects a pipeline's preview to the owner and refuses its metrics with SF334.
    // (Compared with the owner Redis names at that moment: on a starved machine an owner may lose its lease meanwhile.)
    const pipelineId = [...placed][0][0];
    const ownerNow = async () => {
      const holder = (await redis.get(`${prefix}lease:${pipelineId}`))?.replace(/#\d+$/, '');
      return holder ? ((await redis.get(`${prefix}instance:${holder}`)) ?? undefined) : undefined;
    };
    await eventually(async () => {
      const ownerUrl = await ownerNow();
      const other = runtimes.find((r) => r.url !== ownerUrl)!;
      const redirected = await fetch(`${other.url}/preview/${pipelineId}/cnt.jpg`, { redirect: 'manual' });
      expect(redirected.status).toBe(307);
      expect(redirected.headers.get('location')).toBe(`${ownerUrl}/preview/${pipelineId}/cnt.jpg`);
      const refused = await clientWith(other.url, token).metrics.snapshot.query({ pipelineId }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TRPCClientError);
      expect((refused as { data?: { showflow?: { code?: string } } }).data?.showflow?.code).toBe('SF334');
      expect((refused as Error).message).toContain(ownerUrl);
    });

    // A watch page on its own origin, in a real browser: its WHEP offer to a non-owner follows the 307
    // (preflight and all) and reaches the owner, which answers for the pipeline (404 SF630 here: this show has no program output).
    await eventually(async () => {
      const ownerUrl = await ownerNow();
      const other = runtimes.find((r) => r.url !== ownerUrl)!;
      const reached = await fromWatchPage(`${other.url}/live/program/${pipelineId}/whep`);
      expect(reached).toMatchObject({ redirected: true, url: `${ownerUrl}/live/program/${pipelineId}/whep`, status: 404, code: 'SF630' });
    });

    // One set of people for all instances: a producer token made on one is honoured by another, and a revoke on a third refuses it everywhere.
    const made = await clientWith(runtimes[0].url, token).tokens.create.mutate({ name: 'shared producer', role: 'producer' });
    expect((await clientWith(runtimes[1].url, made.token).pipelines.list.query()).map((p) => p.id).sort()).toEqual([...PIPELINES].sort());
    await clientWith(runtimes[2].url, token).tokens.revoke.mutate({ id: made.record.id });
    const revoked = await clientWith(runtimes[1].url, made.token).pipelines.list.query().catch((e: unknown) => e);
    expect((revoked as { data?: { showflow?: { code?: string } } }).data?.showflow?.code).toBe('SF315');

    // A deploy through a non-owner: stored there, run by the owner (the new version, on one instance).
    const ownerUrl = await ownerNow();
    const other = runtimes.find((r) => r.url !== ownerUrl)!;
    const next = await clientWith(other.url, token).pipelines.deploy.mutate({ id: pipelineId, document: chainDocument(pipelineId, { cameraMs: 100, counterLabel: 'take 2' }) });
    placed = await everyPipelineRunningOnce('the owner to run the version deployed elsewhere');
    expect(rounds.at(-1)!.get(pipelineId)![0].version).toBe(next.version);

    // kill -9 the instance running the most pipelines, mid-show.
    const byCount = [...live()].sort((a, b) => count(placed, b.name) - count(placed, a.name));
    const victim = byCount[0];
    const orphans = [...placed].filter(([, names]) => names[0] === victim.name).map(([id]) => id);
    expect(orphans.length).toBeGreaterThan(0);
    await killRuntimeProcess(victim);
    const afterKill = await everyPipelineRunningOnce('the killed instance’s pipelines to run again');
    for (const id of orphans) expect(afterKill.get(id)![0]).not.toBe(victim.name);

    // SIGTERM drains: the last instance takes everything over.
    const [drained, last] = live();
    await stopRuntimeProcess(drained);
    const afterDrain = await everyPipelineRunningOnce('the drained instance’s pipelines to move to the last one');
    for (const id of PIPELINES) expect(afterDrain.get(id)).toEqual([last.name]);

    // Never on two instances at once: no round in which two instances both moved frames of one pipeline since the round before.
    for (let i = 1; i < rounds.length; i++) {
      for (const id of PIPELINES) {
        const moving = (rounds[i].get(id) ?? []).filter((now) => {
          const then = rounds[i - 1].get(id)?.find((e) => e.instance === now.instance);
          return then !== undefined && now.frames > then.frames;
        });
        expect(moving.length, `${id} moving on ${JSON.stringify(moving)} in round ${i}`).toBeLessThan(2);
      }
    }
    // Versions are the store's: every instance lists the same history.
    const versions = await clientWith(last.url, token).versions.list.query({ pipelineId });
    expect(versions.map((v) => v.version)).toEqual([next.version, next.version - 1]);
  }, 240_000);
});

interface BrowserPeer {
  addTransceiver(kind: string, init: { direction: string }): unknown;
  createOffer(): Promise<{ type: string; sdp?: string }>;
  setLocalDescription(description: { type: string; sdp?: string }): Promise<void>;
  localDescription: { sdp: string } | null;
  close(): void;
}

/** POSTs a WHEP offer from a page served on an origin of its own, as the watch page does, and says where it landed. */
async function fromWatchPage(endpoint: string): Promise<{ redirected: boolean; url: string; status: number; code?: string }> {
  const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>watch</title>'));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    return await page.evaluate(async (url) => {
      // Browser globals, typed loosely: the runtime's tsconfig has no DOM library.
      const pc = new (globalThis as unknown as { RTCPeerConnection: new () => BrowserPeer }).RTCPeerConnection();
      pc.addTransceiver('video', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription!.sdp });
      const body = (await response.json().catch(() => ({}))) as { code?: string; error?: { code?: string } };
      pc.close();
      return { redirected: response.redirected, url: response.url, status: response.status, code: body.code ?? body.error?.code };
    }, endpoint);
  } finally {
    await browser.close();
    site.close();
  }
}

/** Retries a block of assertions until it passes once (each attempt is a fresh look at a moving system). */
async function eventually(check: () => Promise<void>, attempts = 5): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await check();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function count(owners: Owners, name: string): number {
  return [...owners.values()].filter((names) => names[0] === name).length;
}
