import { afterAll, describe, expect, it } from 'vitest';
import { PipelineDocument } from '@showflow/shared';
import { Engine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/log.ts';
import { testCatalog } from '../fixtures/nodes.ts';
import { waitFor } from '../fixtures/app.ts';

const TICKS = 40;

/** A fast ticker feeding a slow frame sink and a slow event log side by side. */
const doc = PipelineDocument.parse({
  schemaVersion: 1,
  id: 'rush',
  name: 'Backpressure',
  nodes: [
    { id: 'tick', type: 'test.ticker', typeVersion: 1, config: { intervalMs: 4 }, position: { x: 0, y: 0 } },
    { id: 'slow', type: 'test.slow', typeVersion: 1, config: { ms: 25 }, position: { x: 200, y: 0 } },
    { id: 'log', type: 'test.event-log', typeVersion: 1, config: { ms: 10 }, position: { x: 200, y: 100 } },
  ],
  edges: [
    { id: 'frames', from: { node: 'tick', port: 'frame' }, to: { node: 'slow', port: 'frame' } },
    { id: 'events', from: { node: 'tick', port: 'event' }, to: { node: 'log', port: 'event' } },
  ],
});

describe('bounded inboxes under load', () => {
  let engine: Engine;
  afterAll(() => engine?.close());

  it('drop the oldest frames (counted) but never an event, and leak nothing', async () => {
    engine = await Engine.create({ catalog: testCatalog(), log: createLogger('error'), sourceLimit: TICKS, inboxCapacity: 2 });
    const baseline = engine.pool.stats().liveHandles;
    await engine.deploy(doc, 1);
    await waitFor(() => (engine.sourceRuns('rush').get('tick') ?? 0) >= TICKS, 'ticks');
    await waitFor(() => engine.idle('rush'), 'drain', 30_000);

    const metrics = engine.metrics('rush')!;
    const node = (id: string) => metrics.nodes.find((n) => n.nodeId === id)!;
    expect(node('tick').processed).toBe(TICKS);
    // Every frame was either shown to the slow sink or dropped from its inbox, and some were dropped.
    expect(node('slow').drops).toBeGreaterThan(0);
    expect(node('slow').processed + node('slow').drops).toBe(TICKS);
    // Every event arrived, although the log is slower than the ticker too.
    expect(node('log').drops).toBe(0);
    expect(node('log').processed).toBe(TICKS);

    await engine.stop('rush');
    expect(engine.pool.stats().liveHandles).toBe(baseline);
  });
});

describe('late source ticks', () => {
  it('count as drops only for a source whose ticks are its frames', async () => {
    const busy = await Engine.create({ catalog: testCatalog(), log: createLogger('error') });
    try {
      const sources = PipelineDocument.parse({
        schemaVersion: 1,
        id: 'late-ticks',
        name: 'Late ticks',
        nodes: [
          { id: 'camera', type: 'test.busy-camera', typeVersion: 1, config: { intervalMs: 5, ms: 30 }, position: { x: 0, y: 0 } },
          { id: 'slate', type: 'test.busy-slate', typeVersion: 1, config: { intervalMs: 5, ms: 30 }, position: { x: 0, y: 100 } },
        ],
        edges: [],
      });
      await busy.deploy(sources, 1);
      const runs = () => busy.sourceRuns('late-ticks');
      await waitFor(() => (runs().get('camera') ?? 0) >= 4 && (runs().get('slate') ?? 0) >= 4, 'four runs of each source');
      const node = (id: string) => busy.metrics('late-ticks')!.nodes.find((n) => n.nodeId === id)!;
      // Each 30 ms run spans about five 5 ms ticks.
      expect(node('camera').drops).toBeGreaterThanOrEqual(4);
      expect(node('slate').drops).toBe(0);
    } finally {
      await busy.close();
    }
  });
});
