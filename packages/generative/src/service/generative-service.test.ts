import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlledProvider, providerDown } from '../../test/controlled-provider.ts';
import { sha256Hex } from '../cache/cache-key.ts';
import { GenerativeError } from '../errors.ts';
import { verifyFile } from '../provenance/verify-file.ts';
import { GenerativeService, type GenerativeServiceOptions } from './generative-service.ts';
import type { GenerateCall } from './results.ts';

let dataDir: string;
const open: GenerativeService[] = [];
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sf-gen-svc-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await rm(dataDir, { recursive: true, force: true });
});

async function service(provider = new ControlledProvider(), options: Partial<GenerativeServiceOptions> = {}) {
  const s = await GenerativeService.open({ provider, dataDir, budget: { ratePerMinute: 600, burst: 100, dailyCapCents: 10_000 }, ...options });
  open.push(s);
  return s;
}
const label = { creator: 'ana', show: 'friday-drop', purpose: 'overlay' };
const call = (over: Partial<GenerateCall['request']> = {}, nodeKey = 'overlay-1'): GenerateCall => ({ nodeKey, label, request: { prompt: 'neon sneakers', style: 'poster', width: 96, height: 64, seed: 1, ...over } });

describe('GenerativeService', () => {
  it('generates, signs and stores once, then serves from the cache', async () => {
    const provider = new ControlledProvider();
    const s = await service(provider);
    const first = await s.generate(call());
    expect(first).toMatchObject({ cached: false, fallback: false, assetHash: sha256Hex(first.bytes) });
    expect(first.provenance).toMatchObject({ assetSha256: first.assetHash, provider: 'offline', inputs: { prompt: 'neon sneakers', seed: 1, size: { width: 96, height: 64 } } });
    expect(await s.verify(first.assetHash)).toMatchObject({ ok: true });
    const second = await s.generate(call());
    expect(second).toMatchObject({ cached: true, assetHash: first.assetHash });
    expect(provider.calls).toBe(1);
    expect(s.nodeStats('overlay-1')).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, providerCalls: 1, spendCents: 5 });
    expect(s.nodeStats('overlay-1')!.providerLatencyP50Ms).toBeGreaterThan(0);
    expect(s.usage()).toEqual([{ label, providerCalls: 1, cacheHits: 1, refusals: 0, failures: 0, spendCents: 5 }]);
  });

  it('keeps assets on disk across service instances, verifiable from the files', async () => {
    const first = await (await service()).generate(call());
    const provider = new ControlledProvider();
    const again = await (await service(provider)).generate(call());
    expect(again).toMatchObject({ cached: true, assetHash: first.assetHash });
    expect(again.provenance).toEqual(first.provenance);
    expect(provider.calls).toBe(0);
    const assets = path.join(dataDir, 'assets');
    expect((await readdir(assets)).sort()).toEqual([`${first.assetHash}.png`, `${first.assetHash}.provenance.json`]);
    expect(await verifyFile(path.join(assets, `${first.assetHash}.png`), path.join(assets, `${first.assetHash}.provenance.json`), { dataDir })).toMatchObject({ ok: true });
  });

  it('ignores a corrupted file on disk and generates again', async () => {
    const first = await (await service()).generate(call());
    await writeFile(path.join(dataDir, 'assets', `${first.assetHash}.png`), Buffer.from('garbage'));
    const provider = new ControlledProvider();
    const again = await (await service(provider)).generate(call());
    expect(provider.calls).toBe(1);
    expect(again.assetHash).toBe(first.assetHash);
  });

  it('a new node type version does not reuse old images', async () => {
    const provider = new ControlledProvider();
    const s = await service(provider);
    await s.generate(call());
    await s.generate({ ...call(), nodeTypeVersion: 2 });
    expect(provider.calls).toBe(2);
  });

  it('makes exactly one provider call for 50 concurrent identical requests', async () => {
    const provider = new ControlledProvider();
    const s = await service(provider);
    provider.hold();
    const all = Array.from({ length: 50 }, () => s.generate(call()));
    await new Promise((r) => setTimeout(r, 20));
    provider.release();
    const results = await Promise.all(all);
    expect(provider.calls).toBe(1);
    expect(new Set(results.map((r) => r.assetHash)).size).toBe(1);
    expect(results.filter((r) => !r.cached)).toHaveLength(1);
    expect(s.nodeStats('overlay-1')).toMatchObject({ misses: 1, hits: 49, coalesced: 49 });
    expect(s.usage()[0]).toMatchObject({ providerCalls: 1, spendCents: 5 });
  });

  it('releases all 50 waiters with the error when the one call fails, and does not cache the failure', async () => {
    const provider = new ControlledProvider();
    const s = await service(provider);
    provider.hold();
    provider.failWith = providerDown();
    const all = Array.from({ length: 50 }, () => s.generate(call()).catch((e: unknown) => e));
    provider.release();
    const errors = await Promise.all(all);
    expect(provider.calls).toBe(1);
    expect(errors.every((e) => e instanceof GenerativeError && e.code === 'SF503')).toBe(true);
    expect(s.usage()[0]).toMatchObject({ failures: 1, spendCents: 0 });
    expect(s.budgetFor('ana').spentTodayCents).toBe(0); // failures are not billed
    provider.failWith = undefined;
    await expect(s.generate(call())).resolves.toMatchObject({ cached: false });
    expect(provider.calls).toBe(2);
  });

  it('refuses over budget without calling the provider, but still serves cache hits', async () => {
    const provider = new ControlledProvider(5);
    const s = await service(provider, { budget: { ratePerMinute: 600, burst: 100, dailyCapCents: 8 } });
    await s.generate(call({ seed: 1 }));
    await expect(s.generate(call({ seed: 2 }))).rejects.toMatchObject({ code: 'SF502' });
    expect(provider.calls).toBe(1);
    await expect(s.generate(call({ seed: 1 }))).resolves.toMatchObject({ cached: true });
    expect(s.nodeStats('overlay-1')).toMatchObject({ refusals: 1, hits: 1 });
  });

  it('refuses over the rate limit without calling the provider', async () => {
    const provider = new ControlledProvider(0);
    const s = await service(provider, { budget: { ratePerMinute: 1, burst: 2, dailyCapCents: 100 } });
    await s.generate(call({ seed: 1 }));
    await s.generate(call({ seed: 2 }));
    const error = await s.generate(call({ seed: 3 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SF501' });
    expect((error as GenerativeError).details.retryAfterMs).toBeGreaterThan(0);
    expect(provider.calls).toBe(2);
  });

  it('spend survives a restart within the same UTC day', async () => {
    const clock = () => Date.UTC(2025, 5, 1, 12);
    const s = await service(new ControlledProvider(6), { clock, budget: { ratePerMinute: 600, burst: 100, dailyCapCents: 10 } });
    await s.generate(call());
    await s.close();
    const provider = new ControlledProvider(6);
    const restarted = await service(provider, { clock, budget: { ratePerMinute: 600, burst: 100, dailyCapCents: 10 } });
    expect(restarted.budgetFor('ana').spentTodayCents).toBe(6);
    await expect(restarted.generate(call({ seed: 9 }))).rejects.toMatchObject({ code: 'SF502' });
    expect(provider.calls).toBe(0);
  });

  it('validates requests and labels with SF509', async () => {
    const s = await service();
    await expect(s.generate(call({ width: 10_000 }))).rejects.toMatchObject({ code: 'SF509' });
    await expect(s.generate({ ...call(), label: { creator: '', show: 's', purpose: 'p' } })).rejects.toMatchObject({ code: 'SF509' });
  });

  it('describe() reports status without secrets', async () => {
    const s = await service();
    expect(s.describe()).toMatchObject({ provider: { provider: 'offline', hasApiKey: false }, inFlight: 0 });
  });
});

describe('fallbacks, ensure and peek', () => {
  it('falls back to the current asset on refusal and on provider failure', async () => {
    const provider = new ControlledProvider(5);
    const s = await service(provider, { budget: { ratePerMinute: 600, burst: 100, dailyCapCents: 5 } });
    const shown = await s.ensure(call({ seed: 1 }));
    expect(s.peek('overlay-1')?.assetHash).toBe(shown.assetHash);

    const refused = await s.ensure(call({ seed: 2 }));
    expect(refused).toMatchObject({ fallback: true, assetHash: shown.assetHash, reason: { code: 'SF502' } });
    expect(provider.calls).toBe(1);

    const other = await service(provider); // same data folder, fresh budget
    await other.ensure(call({ seed: 1 }));
    provider.failWith = providerDown();
    const failed = await other.ensure(call({ seed: 3 }));
    expect(failed).toMatchObject({ fallback: true, assetHash: shown.assetHash, reason: { code: 'SF503' } });
    expect(other.nodeStats('overlay-1')).toMatchObject({ fallbacks: 1, errors: 1 });
  });

  it('throws when there is nothing to fall back to', async () => {
    const provider = new ControlledProvider();
    provider.failWith = providerDown();
    const s = await service(provider);
    await expect(s.ensure(call())).rejects.toMatchObject({ code: 'SF503' });
    expect(s.peek('overlay-1')).toBeUndefined();
  });

  it('returns the fallback after waitMs while the call finishes in the background', async () => {
    const provider = new ControlledProvider();
    const s = await service(provider);
    const before = await s.ensure(call({ seed: 1 }));
    provider.hold();
    const quick = await s.ensure(call({ seed: 2 }), { waitMs: 20 });
    expect(quick).toMatchObject({ fallback: true, assetHash: before.assetHash, reason: { code: 'SF504' } });
    expect(s.peek('overlay-1')?.assetHash).toBe(before.assetHash);
    provider.release();
    const done = await s.generate(call({ seed: 2 })); // joins the same flight
    expect(provider.calls).toBe(2);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.peek('overlay-1')?.assetHash).toBe(done.assetHash);
  });

  it('a late result does not override a newer selection', async () => {
    const provider = new ControlledProvider();
    const s = await service(provider);
    await s.precompute('overlay-1', [{ prompt: 'a', seed: 1 }, { prompt: 'b', seed: 2 }], { label, width: 96, height: 64 });
    provider.hold();
    const slow = s.ensure(call({ seed: 77 }));
    const picked = s.select('overlay-1', 1);
    provider.release();
    await slow;
    expect(s.peek('overlay-1')?.assetHash).toBe(picked.assetHash);
  });
});

describe('variations', () => {
  it('precomputes through the budget and cache, then selects synchronously without provider calls', async () => {
    const provider = new ControlledProvider(1);
    const s = await service(provider);
    const outcomes = await s.precompute(
      'overlay-1',
      [{ prompt: 'drop in 3', style: 'neon', seed: 1 }, { prompt: 'drop in 2', style: 'neon', seed: 2 }, { prompt: 'drop in 1', style: 'neon', seed: 3 }],
      { label, width: 96, height: 64, concurrency: 2 },
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(provider.calls).toBe(3);
    expect(s.activeVariation('overlay-1')).toBe(0);
    expect(s.peek('overlay-1')?.assetHash).toBe(outcomes[0].ok && outcomes[0].assetHash);

    const selected = s.select('overlay-1', 2);
    expect(selected).toBeDefined();
    expect(s.peek('overlay-1')?.assetHash).toBe(outcomes[2].ok && outcomes[2].assetHash);
    expect(provider.calls).toBe(3);
    expect(() => s.select('overlay-1', 7)).toThrow(expect.objectContaining({ code: 'SF507' }));
    expect(s.nodeStats('overlay-1')).toMatchObject({ misses: 3, providerCalls: 3, spendCents: 3 });
    expect(s.usage({ show: 'friday-drop' })[0]).toMatchObject({ providerCalls: 3, spendCents: 3 });
  });

  it('reports failed variations and keeps the others', async () => {
    const provider = new ControlledProvider(4);
    const s = await service(provider, { budget: { ratePerMinute: 600, burst: 100, dailyCapCents: 8 } });
    const outcomes = await s.precompute('n', [{ prompt: 'a', seed: 1 }, { prompt: 'b', seed: 2 }, { prompt: 'c', seed: 3 }], { label, width: 64, height: 64, concurrency: 1 });
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', 'ok', 'SF502']);
    expect(s.select('n', 1).assetHash).toBe(outcomes[1].ok && outcomes[1].assetHash);
    expect(() => s.select('n', 2)).toThrow(expect.objectContaining({ code: 'SF507' }));
  });
});

describe('watching and listing', () => {
  it('tells watchers about a select at once, and stops after unsubscribe', async () => {
    const s = await service(new ControlledProvider(1));
    await s.precompute('n', [{ prompt: 'a', seed: 1 }, { prompt: 'b', seed: 2 }], { label, width: 64, height: 64 });
    const seen: string[] = [];
    const stop = s.watch('n', (asset) => seen.push(asset.assetHash));
    const picked = s.select('n', 1);
    expect(seen).toEqual([picked.assetHash]);
    stop();
    s.select('n', 0);
    expect(seen).toHaveLength(1);
  });

  it('tells watchers when an ensure result becomes the current asset', async () => {
    const s = await service();
    const seen: string[] = [];
    s.watch('overlay-1', (asset) => seen.push(asset.assetHash));
    const result = await s.ensure(call());
    expect(seen).toEqual([result.assetHash]);
  });

  it('lists variations with their request, asset or error, and the active index', async () => {
    const s = await service(new ControlledProvider(4), { budget: { ratePerMinute: 600, burst: 100, dailyCapCents: 4 } });
    expect(s.variations('n')).toBeUndefined();
    const outcomes = await s.precompute('n', [{ prompt: 'a', style: 'neon', seed: 1 }, { prompt: 'b', seed: 2 }], { label, width: 64, height: 64, concurrency: 1 });
    const listing = s.variations('n')!;
    expect(listing.active).toBe(0);
    expect(listing.currentAssetHash).toBe(outcomes[0].ok && outcomes[0].assetHash);
    expect(listing.variations).toEqual([
      { index: 0, prompt: 'a', style: 'neon', seed: 1, assetHash: outcomes[0].ok && outcomes[0].assetHash },
      { index: 1, prompt: 'b', style: '', seed: 2, error: { code: 'SF502', message: expect.stringContaining('SF502') } },
    ]);
  });
});
