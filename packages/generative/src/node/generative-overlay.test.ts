import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHarness } from '@showflow/nodes/harness';
import type { Frame } from '@showflow/nodes/sdk';
import { ControlledProvider } from '../../test/controlled-provider.ts';
import { GenerativeService } from '../service/generative-service.ts';
import { generativeOverlay, OVERLAY_REEMIT_MS } from './generative-overlay.ts';
import { overlayNodeKey } from './service-accessor.ts';

let dataDir: string;
let service: GenerativeService;
let provider: ControlledProvider;
let clock: number;
const harnesses: { dispose(): Promise<void> }[] = [];

async function open(dailyCapCents = 10_000, cost = 1) {
  provider = new ControlledProvider(cost);
  service = await GenerativeService.open({ provider, dataDir, budget: { ratePerMinute: 600, burst: 100, dailyCapCents } });
  return service;
}

async function overlay(config: Record<string, unknown> = {}) {
  const h = await createHarness(generativeOverlay, {
    config: { prompt: 'flash sale', width: 96, height: 64, ...config },
    nodeId: 'promo',
    pipelineId: 'show',
    now: () => clock,
    services: { generative: service },
  });
  harnesses.push(h);
  return h;
}

const three = { variations: [{ seed: 1 }, { seed: 2 }, { seed: 3 }] };
const key = overlayNodeKey('show', 'promo');
const pixelAt = (frame: Frame, x: number, y: number) => [...frame.data.subarray((y * frame.width + x) * 4, (y * frame.width + x) * 4 + 4)];

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sf-gen-node-'));
  clock = 1_000_000;
  await open();
});
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.dispose()));
  await service.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('showflow.generative-overlay', () => {
  it('precomputes every variation during setup, then emits the active one as RGBA', async () => {
    const h = await overlay({ ...three, active: 1 });
    expect(provider.calls).toBe(3);
    expect(service.variations(key)!.variations.every((v) => v.assetHash)).toBe(true);
    const { image } = await h.tick();
    expect(image).toMatchObject({ width: 96, height: 64, channels: 4, encoding: 'raw' });
    expect(image!.data).toHaveLength(96 * 64 * 4);
    expect(service.activeVariation(key)).toBe(1);
    expect(h.status).toMatchObject({ level: 'ok', text: expect.stringMatching(/^var 2\/3 · cache 0% · \d+ ms · 3¢$/) });
  });

  it('emits only when the asset changes, plus a re-send every 500 ms', async () => {
    const h = await overlay(three);
    await h.tick();
    clock += 100;
    expect(await h.tick()).toEqual({});
    clock += OVERLAY_REEMIT_MS;
    const again = await h.tick();
    expect(again.image?.seq).toBe(h.outputs('image')[0]!.seq);
    expect(h.outputs('image')).toHaveLength(2);
  });

  it('sends a live switch at once, without a provider call or a tick', async () => {
    const h = await overlay(three);
    const first = (await h.tick()).image!;
    const chosen = service.select(key, 2);
    const switched = h.last('image')!;
    expect(h.outputs('image')).toHaveLength(2);
    expect(switched.seq).not.toBe(first.seq);
    expect(switched.seq).toBe(Number.parseInt(chosen.assetHash.slice(0, 8), 16));
    expect(pixelAt(switched, 5, 5)).not.toEqual(pixelAt(first, 5, 5));
    expect(provider.calls).toBe(3);
    clock += 10;
    expect(await h.tick()).toEqual({}); // already sent: the tick has nothing new
  });

  it('decodes and sends a generated asset that is not a variation as soon as it is ready', async () => {
    const h = await overlay(three);
    await h.tick();
    const made = await service.ensure({ nodeKey: key, label: { creator: 'studio', show: 'live-show', purpose: 'overlay' }, request: { prompt: 'breaking news', width: 96, height: 64, seed: 9 } });
    await vi.waitFor(() => expect(h.outputs('image')).toHaveLength(2));
    expect(h.last('image')!.seq).toBe(Number.parseInt(made.assetHash.slice(0, 8), 16));
  });

  it('reads the variations from the cache on a redeploy: no provider calls, a hit rate', async () => {
    const first = await overlay(three);
    await first.dispose();
    await overlay(three);
    expect(provider.calls).toBe(3);
    expect(service.nodeStats(key)).toMatchObject({ hits: 3, misses: 3, hitRate: 0.5 });
  });

  it('keeps showing the last image when the budget cannot pay for the active variation', async () => {
    await service.close();
    await open(2, 1); // two images, then SF502
    const h = await overlay({ variations: [{ seed: 1 }, { seed: 2 }] });
    const shown = (await h.tick()).image!;
    await h.dispose();
    const again = await overlay({ variations: [{ seed: 1 }, { seed: 2 }, { seed: 3 }], active: 2, fallback: 'last' });
    expect(provider.calls).toBe(2);
    clock += OVERLAY_REEMIT_MS;
    const still = (await again.tick()).image!;
    expect(still.seq).toBe(shown.seq);
    expect(again.status).toMatchObject({ level: 'warn', text: expect.stringContaining('variation 3 unavailable: SF502; showing the last image') });
  });

  it("'first-variation' shows the first image made and 'none' an empty overlay", async () => {
    await service.close();
    await open(1, 1);
    const first = await overlay({ variations: [{ seed: 1 }, { seed: 2 }], active: 1, fallback: 'first-variation' });
    const shown = (await first.tick()).image!;
    expect(service.activeVariation(key)).toBe(0);
    expect(shown.width).toBe(96);
    await first.dispose();

    const none = await overlay({ variations: [{ seed: 1 }, { seed: 2 }], active: 1, fallback: 'none' });
    const empty = (await none.tick()).image!;
    expect(empty).toMatchObject({ width: 1, height: 1, channels: 4 });
    expect([...empty.data]).toEqual([0, 0, 0, 0]);
    service.select(key, 0); // a producer picks one: it shows at once
    expect(none.last('image')!.width).toBe(96);
  });

  it('fails setup with a clear message when the runtime has no generative service', async () => {
    await expect(createHarness(generativeOverlay, { config: {} })).rejects.toThrow(/no generative service/);
  });

  it('stops sending after dispose', async () => {
    const h = await overlay(three);
    await h.tick();
    await h.dispose();
    service.select(key, 1);
    expect(h.outputs('image')).toHaveLength(1);
  });
});
