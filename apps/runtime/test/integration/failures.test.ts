import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocumentInput } from '@showflow/shared';
import type { ShowflowApp } from '../../src/service/app.ts';
import { nodeMetrics, testApp, waitFor } from '../fixtures/app.ts';

/** cam (every 4th frame a truncated JPEG) → inv (decodes) → flaky (throws on every 3rd) → out */
const doc: PipelineDocumentInput = {
  schemaVersion: 1,
  id: 'rough',
  name: 'Rough night',
  nodes: [
    { id: 'cam', type: 'test.camera', typeVersion: 1, config: { intervalMs: 40, corruptEvery: 4 }, position: { x: 0, y: 0 } },
    { id: 'inv', type: 'test.invert', typeVersion: 1, config: {}, position: { x: 100, y: 0 } },
    { id: 'flaky', type: 'test.flaky', typeVersion: 1, config: { every: 3 }, position: { x: 200, y: 0 } },
    { id: 'out', type: 'test.sink', typeVersion: 1, config: {}, position: { x: 300, y: 0 } },
  ],
  edges: [
    { id: 'a', from: { node: 'cam', port: 'frame' }, to: { node: 'inv', port: 'frame' } },
    { id: 'b', from: { node: 'inv', port: 'out' }, to: { node: 'flaky', port: 'frame' } },
    { id: 'c', from: { node: 'flaky', port: 'out' }, to: { node: 'out', port: 'frame' } },
  ],
};

describe('a throwing node and a corrupt frame', () => {
  let app: ShowflowApp;
  beforeAll(async () => {
    app = await testApp();
    await app.deployments.deploy('rough', { document: doc });
  });
  afterAll(() => app?.close());

  it('are counted with their codes while the rest keeps running', async () => {
    await waitFor(() => (nodeMetrics(app, 'rough', 'flaky')?.errors ?? 0) >= 2 && (nodeMetrics(app, 'rough', 'inv')?.errors ?? 0) >= 2, 'errors');
    const inv = nodeMetrics(app, 'rough', 'inv')!;
    expect(inv.lastError).toMatchObject({ code: 'SF202', messageId: expect.stringMatching(/^cam#\d+$/) });
    expect(inv.lastError!.message).toMatch(/could not be decoded/);
    const flaky = nodeMetrics(app, 'rough', 'flaky')!;
    expect(flaky.lastError).toMatchObject({ code: 'SF201', messageId: expect.stringMatching(/^cam#\d+$/) });
    expect(flaky.lastError!.message).toMatch(/^flaky on cam#\d+$/);

    const sinkBefore = nodeMetrics(app, 'rough', 'out')!.processed;
    await waitFor(() => nodeMetrics(app, 'rough', 'out')!.processed >= sinkBefore + 3, 'frames after the errors');
    const out = nodeMetrics(app, 'rough', 'out')!;
    expect(out.errors).toBe(0);
    expect(nodeMetrics(app, 'rough', 'cam')!.errors).toBe(0);
    expect(app.health().ok).toBe(true);
  });

  it('marks the failing node in error and releases frames of failed runs', async () => {
    await waitFor(() => nodeMetrics(app, 'rough', 'flaky')?.status.level === 'error', 'error status');
    await app.engine.stop('rough');
    expect(app.engine.pool.stats().liveHandles).toBe(0);
  });
});
