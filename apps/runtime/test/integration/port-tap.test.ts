import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinNodes } from '@showflow/nodes';
import { NodeCatalog } from '@showflow/nodes/sdk';
import { PipelineDocument } from '@showflow/shared';
import { appRouter } from '../../src/api/router.ts';
import { createCallerFactory } from '../../src/api/trpc.ts';
import { Engine } from '../../src/engine/engine.ts';
import { TAP_TEXT_CHARS, type TapPort, type TapSample } from '../../src/engine/port-tap.ts';
import { createLogger } from '../../src/log.ts';
import { createApp, type ShowflowApp } from '../../src/service/app.ts';
import { contextAs } from '../fixtures/auth.ts';
import { tempDataDir } from '../fixtures/app.ts';
import { testTicker } from '../fixtures/nodes.ts';

const createCaller = createCallerFactory(appRouter);
const node = (id: string, type: string, config: Record<string, unknown>, y: number) => ({ id, type, typeVersion: 1, config, position: { x: 0, y } });

/** A noisy synthetic camera, denoised, with the PSNR probe comparing the result to the clean picture; and a ticker sending events. */
function probeDocument(id: string) {
  return PipelineDocument.parse({
    schemaVersion: 1,
    id,
    name: 'Quality probe',
    nodes: [
      node('camera', 'showflow.synthetic-capture', { width: 320, height: 180, fps: 30, noise: 8 }, 0),
      node('denoise', 'showflow.denoise', { temporal: 12, spatial: 0 }, 100),
      node('quality', 'showflow.psnr-probe', { everyNth: 1 }, 200),
      node('ticker', 'test.ticker', { intervalMs: 20 }, 300),
    ],
    edges: [
      { id: 'e1', from: { node: 'camera', port: 'frame' }, to: { node: 'denoise', port: 'frame' } },
      { id: 'e2', from: { node: 'denoise', port: 'out' }, to: { node: 'quality', port: 'frame' } },
      { id: 'e3', from: { node: 'camera', port: 'clean' }, to: { node: 'quality', port: 'reference' } },
    ],
  });
}

/** Polls until `check` gives a value; only the timeout bounds it. */
async function waitFor<T>(check: () => T | null | undefined | Promise<T | null | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const catalog = () => new NodeCatalog([...builtinNodes, testTicker], 'test');
const port = (ports: TapPort[] | undefined, id: string) => ports?.find((p) => p.id === id);
const numbers = (samples: TapSample[]) => samples.flatMap((s) => (s.kind === 'number' ? [s.value] : []));

describe('port tap on a running Node-RED pipeline', () => {
  let engine: Engine;
  const CAPACITY = 12;

  beforeAll(async () => {
    engine = await Engine.create({ catalog: catalog(), log: createLogger('error'), taps: { capacity: CAPACITY, idleMs: 400 } });
    await engine.deploy(probeDocument('probe'), 1);
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
  });

  it('records nothing until someone reads, then the PSNR port carries real dB values, bounded', async () => {
    expect(engine.taps.open).toBe(0);
    const first = engine.tap('probe', 'quality');
    expect(first?.ports).toEqual([{ id: 'psnr', type: 'number', samples: [], sent: 0 }]);
    expect(engine.taps.open).toBe(1);

    const psnr = await waitFor(() => {
      const p = port(engine.tap('probe', 'quality')?.ports, 'psnr');
      return p && p.sent > CAPACITY + 3 ? p : undefined;
    }, 'the probe to send more values than the ring holds', 30_000);
    expect(psnr.samples).toHaveLength(CAPACITY);
    const values = numbers(psnr.samples);
    expect(values).toHaveLength(CAPACITY);
    // Denoised noisy frames against the clean ones: a real, finite PSNR, not the 100 dB cap of identical frames.
    for (const v of values) expect(v).toBeGreaterThan(15);
    for (const v of values) expect(v).toBeLessThan(100);
    // Newest last, numbered in send order, the oldest dropped.
    const ns = psnr.samples.map((s) => s.n);
    expect(ns).toEqual([...ns].sort((a, b) => a - b));
    expect(ns.at(-1)).toBe(psnr.sent);
  }, 60_000);

  it('summarises frames (number, size, capture time) and events (short JSON), never the pixels', async () => {
    const camera = await waitFor(() => {
      const r = engine.tap('probe', 'camera');
      return (port(r?.ports, 'frame')?.samples.length ?? 0) > 2 ? r : undefined;
    }, 'camera frames on the tap', 20_000);
    const frame = port(camera.ports, 'frame')!.samples.at(-1)!;
    expect(frame).toMatchObject({ kind: 'frame', width: 320, height: 180 });
    if (frame.kind !== 'frame') throw new Error('not a frame sample');
    expect(frame.bytes).toBeGreaterThan(0);
    expect(frame.captureTs).toBeLessThanOrEqual(camera.now);
    expect(port(camera.ports, 'clean')).toBeDefined();

    const ticker = await waitFor(() => {
      const r = engine.tap('probe', 'ticker');
      return (port(r?.ports, 'event')?.samples.length ?? 0) > 1 ? r : undefined;
    }, 'ticker events on the tap', 20_000);
    const event = port(ticker.ports, 'event')!.samples.at(-1)!;
    expect(event.kind).toBe('value');
    if (event.kind !== 'value') throw new Error('not a value sample');
    expect(JSON.parse(event.text)).toMatchObject({ kind: 'tick', data: { seq: expect.any(Number) } });
    expect(event.text.length).toBeLessThanOrEqual(TAP_TEXT_CHARS);
  }, 60_000);

  it('closes a tap nobody reads, and opens it empty on the next read', async () => {
    await waitFor(() => (engine.taps.open === 0 ? true : undefined), 'every tap to close without readers', 10_000);
    const again = engine.tap('probe', 'quality');
    expect(port(again?.ports, 'psnr')?.sent).toBe(0);
  }, 20_000);

  it('reads nothing for a node or pipeline that does not run', () => {
    expect(engine.tap('probe', 'nobody')).toBeNull();
    expect(engine.tap('elsewhere', 'quality')).toBeNull();
  });
});

describe('ports.tap over the API', () => {
  let app: ShowflowApp;

  beforeAll(async () => {
    app = await createApp({ catalog: catalog(), dataDir: tempDataDir(), log: createLogger('error') });
    await app.deployments.save(probeDocument('probe-api'));
    await app.deployments.deploy('probe-api');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('gives a viewer the probe values, and refuses ids that are not element ids (SF303)', async () => {
    const viewer = createCaller(contextAs(app, 'viewer'));
    const reading = await waitFor(async () => {
      const r = await viewer.ports.tap({ pipelineId: 'probe-api', nodeId: 'quality' });
      return numbers(port(r?.ports, 'psnr')?.samples ?? []).length > 2 ? r : undefined;
    }, 'PSNR values through the API', 30_000);
    expect(numbers(port(reading.ports, 'psnr')!.samples).every((v) => v > 15 && v < 100)).toBe(true);

    await expect(viewer.ports.tap({ pipelineId: 'probe-api', nodeId: '../x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(viewer.ports.tap({ pipelineId: 'x'.repeat(500), nodeId: 'quality' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await viewer.ports.tap({ pipelineId: 'probe-api', nodeId: 'nobody' })).toBeNull();
  }, 60_000);
});
