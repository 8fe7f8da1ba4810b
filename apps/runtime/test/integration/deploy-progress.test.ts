import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/api/router.ts';
import { createCallerFactory } from '../../src/api/trpc.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { contextAs } from '../fixtures/auth.ts';
import { testApp } from '../fixtures/app.ts';
import { chainDocument } from '../fixtures/documents.ts';

const createCaller = createCallerFactory(appRouter);

describe('deploy progress step by step', () => {
  let app: ShowflowApp;
  let api: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    app = await testApp();
    api = createCaller(contextAs(app, 'producer'));
  });
  afterAll(() => app?.close());

  it('reports validate, database, generation and start, skipping what the document does not need', async () => {
    expect(await api.show.deployProgress({ id: 'chain' })).toBeNull();
    await api.pipelines.save({ document: chainDocument('chain') });
    const deploying = api.pipelines.deploy({ id: 'chain' });
    // While it runs, someone watching sees the steps (validate is done before the nodes start).
    const during = await api.show.deployProgress({ id: 'chain' });
    expect(during?.steps.map((s) => s.step)).toEqual(['validate', 'database', 'generation', 'start']);
    expect((await deploying).version).toBe(1);
    const after = await api.show.deployProgress({ id: 'chain' });
    expect(after).toMatchObject({ pipelineId: 'chain', finished: true, error: null });
    expect(after!.steps.map((s) => [s.step, s.state])).toEqual([
      ['validate', 'done'],
      ['database', 'skipped'],
      ['generation', 'skipped'],
      ['start', 'done'],
    ]);
    expect(after!.steps[0].detail).toMatch(/^\d+ nodes$/);
    for (const s of after!.steps) expect(s.ms).toBeGreaterThanOrEqual(0);
  });

  it('marks the failing step and keeps the deploy’s own refusal', async () => {
    const broken = chainDocument('chain');
    const attempt = api.pipelines.deploy({ id: 'chain', document: { ...broken, edges: [...broken.edges, { id: 'loop', from: { node: 'nope', port: 'out' }, to: { node: 'nope', port: 'frame' } }] } });
    await expect(attempt).rejects.toMatchObject({ cause: { code: expect.stringMatching(/^SF1\d\d$/) } });
    const after = await api.show.deployProgress({ id: 'chain' });
    expect(after).toMatchObject({ finished: true, error: expect.stringContaining('invalid') });
    expect(after!.steps.find((s) => s.step === 'validate')?.state).toBe('failed');
    expect(after!.steps.find((s) => s.step === 'start')?.state).toBe('failed');
  });
});
