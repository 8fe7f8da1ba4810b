import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/log.ts';
import type { PackageCatalog } from '../../src/packages/index.ts';
import { waitFor } from '../fixtures/app.ts';
import { faultDocument, faultyCatalog } from '../fixtures/faulty-packages.ts';

/**
 * Each faulty package runs in a real pipeline (real Node-RED, real worker threads, real
 * JPEG frames). Whatever the node does, this process lives on, the node shows a coded
 * error, and the healthy branch beside it keeps receiving frames.
 */
describe('isolated node packages', () => {
  let engine: Engine;
  let catalog: PackageCatalog;
  let strayAtStart = 0;

  beforeAll(async () => {
    catalog = await faultyCatalog();
    engine = await Engine.create({
      catalog,
      log: createLogger('error'),
      isolation: {
        // The watchdog is generous so a loaded machine never trips it on a healthy run; the busy loop trips it anyway.
        limits: { setupTimeoutMs: 3_000, watchdogMinMs: 2_500, maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8, restartBackoffMs: 100, maxStartCrashes: 3 },
      },
    });
    strayAtStart = engine.uncaughtErrors;
  });
  afterAll(async () => {
    await engine?.close();
  });

  const node = (pipelineId: string, nodeId: string) => engine.metrics(pipelineId)?.nodes.find((n) => n.nodeId === nodeId);
  const isolated = (pipelineId: string) => engine.isolatedNodes().find((n) => n.pipelineId === pipelineId && n.nodeId === 'fault');

  /** Samples the fault node's latest error until `done`, collecting every code seen on the way. */
  async function codesUntil(pipelineId: string, done: (codes: Set<string>) => boolean, what: string): Promise<{ codes: Set<string>; messages: string[] }> {
    const codes = new Set<string>();
    const messages: string[] = [];
    await waitFor(() => {
      const last = node(pipelineId, 'fault')?.lastError;
      if (last && !messages.includes(`${last.code} ${last.message}`)) {
        codes.add(last.code);
        messages.push(`${last.code} ${last.message}`);
      }
      return done(codes);
    }, what, 60_000);
    return { codes, messages };
  }

  /** The healthy sink keeps receiving frames after the fault. */
  async function healthyKeepsGoing(pipelineId: string): Promise<void> {
    const before = node(pipelineId, 'healthy')!.processed;
    await waitFor(() => node(pipelineId, 'healthy')!.processed >= before + 5, 'frames on the healthy branch after the fault', 30_000);
  }

  it('runs a well-behaved package node in a worker, frames in and out through shared memory', async () => {
    const baseline = engine.pool.stats().liveHandles;
    await engine.deploy(faultDocument('invert', 'acme.invert.frame'), 1);
    await waitFor(() => (node('invert', 'out')?.processed ?? 0) >= 5, 'inverted frames at the sink', 30_000);
    expect(isolated('invert')).toMatchObject({ package: 'fault-free-invert', state: 'running', restarts: 0 });
    expect(node('invert', 'fault')?.errors).toBe(0);
    const preview = await engine.preview('invert', 'fault');
    expect(preview).toMatchObject({ width: 1280, height: 720, mime: 'image/jpeg' });
    await engine.stop('invert');
    expect(engine.pool.stats().liveHandles).toBe(baseline);
  }, 60_000);

  it('contains process.exit in a node: SF212, restarts with backoff, gives up with SF215', async () => {
    await engine.deploy(faultDocument('exit', 'fault.exit.on-frame'), 1);
    const { codes, messages } = await codesUntil('exit', (c) => c.has('SF215'), 'the node to give up');
    expect(codes).toContain('SF212');
    expect(messages.find((m) => m.startsWith('SF215'))).toMatch(/crashed 3× .*SF212/);
    expect(isolated('exit')).toMatchObject({ state: 'failed', restarts: 2 });
    // Frames it passed on before each exit reached its sink.
    expect(node('exit', 'out')!.processed).toBeGreaterThan(0);
    await healthyKeepsGoing('exit');
    await engine.stop('exit');
  }, 90_000);

  it('contains a heap blow-up: SF214 and the runtime keeps its memory', async () => {
    await engine.deploy(faultDocument('heap', 'fault.heap.hog'), 1);
    const { codes } = await codesUntil('heap', (c) => c.has('SF214') || c.has('SF215'), 'an out-of-memory error');
    expect(codes).toContain('SF214');
    await healthyKeepsGoing('heap');
    await engine.stop('heap');
  }, 90_000);

  it('fails a setup that never settles with SF210 without blocking the deploy or the stop', async () => {
    await engine.deploy(faultDocument('never', 'fault.never.setup'), 1);
    expect(node('never', 'fault')?.lastError?.code).toBe('SF210');
    expect(node('never', 'fault')?.status.level).toBe('error');
    await healthyKeepsGoing('never');
    await engine.stop('never');
    expect(engine.running().map((r) => r.pipelineId)).not.toContain('never');
  }, 60_000);

  it('stops a run that never ends (SF211), restarts the worker, counts it, and other nodes keep running meanwhile', async () => {
    await engine.deploy(faultDocument('busy', 'fault.busy.loop'), 1);
    const { codes } = await codesUntil('busy', (c) => c.has('SF211'), 'the watchdog');
    expect(codes).toContain('SF211');
    await waitFor(() => (isolated('busy')?.restarts ?? 0) >= 1 || isolated('busy')?.state === 'failed', 'a restart after the watchdog');
    expect(node('busy', 'fault')!.overruns).toBeGreaterThan(0);
    await healthyKeepsGoing('busy');
    await engine.stop('busy');
  }, 90_000);

  it('counts a throw in run as the node error (SF201) without restarting the worker', async () => {
    await engine.deploy(faultDocument('throws', 'fault.throws.node', { mode: 'run' }), 1);
    await waitFor(() => (node('throws', 'fault')?.errors ?? 0) >= 3, 'errors counted');
    expect(node('throws', 'fault')!.lastError).toMatchObject({ code: 'SF201', message: expect.stringMatching(/bad frame cam#\d+/) });
    expect(isolated('throws')).toMatchObject({ state: 'running', restarts: 0 });
    await healthyKeepsGoing('throws');
    await engine.stop('throws');
  }, 60_000);

  it('contains a throw outside any run (SF213) in the worker, not in the runtime', async () => {
    await engine.deploy(faultDocument('stray', 'fault.throws.node', { mode: 'stray' }), 1);
    const { codes } = await codesUntil('stray', (c) => c.has('SF213'), 'the stray throw');
    expect(codes).toContain('SF213');
    await waitFor(() => (isolated('stray')?.restarts ?? 0) >= 1 || isolated('stray')?.state === 'failed', 'a restart');
    // The runtime's own guard saw nothing: the throw never reached this thread.
    expect(engine.uncaughtErrors).toBe(strayAtStart);
    await healthyKeepsGoing('stray');
    await engine.stop('stray');
  }, 60_000);
});
