import { afterAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/api/router.ts';
import { createCallerFactory } from '../../src/api/trpc.ts';
import { createLogger } from '../../src/log.ts';
import { contextAs } from '../fixtures/auth.ts';
import { createApp, type ShowflowApp } from '../../src/service/app.ts';
import { tempDataDir, waitFor } from '../fixtures/app.ts';
import { faultDocument, faultyCatalog } from '../fixtures/faulty-packages.ts';

/**
 * A node that exits right after every start: the runtime restarts it with backoff, gives
 * up after repeated crashes at start, and after a runtime restart the pipeline using the
 * package starts paused with the reason in health and on the canvas, until resumed.
 */
const createCaller = createCallerFactory(appRouter);

describe('safe mode', () => {
  const dataDir = tempDataDir();
  let app: ShowflowApp | undefined;
  afterAll(async () => {
    await app?.close();
  });

  const start = async () => createApp({ catalog: await faultyCatalog(), dataDir, log: createLogger('error') });
  const faultNode = (a: ShowflowApp) => a.engine.metrics('late')?.nodes.find((n) => n.nodeId === 'fault');
  const healthy = (a: ShowflowApp) => a.engine.metrics('late')?.nodes.find((n) => n.nodeId === 'healthy')?.processed ?? 0;

  it('pauses pipelines of a package that crashed repeatedly at start, after a restart, until resumed', async () => {
    app = await start();
    await app.deployments.save(faultDocument('late', 'fault.late-exit.node'));
    await app.deployments.deploy('late');
    await waitFor(() => faultNode(app!)?.lastError?.code === 'SF215', 'the node to give up after crashes at start', 60_000);
    expect(faultNode(app)!.lastError!.message).toMatch(/SF212 .*exited with code 7/);
    // The runtime and the rest of the pipeline live on.
    const before = healthy(app);
    await waitFor(() => healthy(app!) >= before + 3, 'frames on the healthy branch');
    expect(app.health().safeMode.packages).toEqual([expect.objectContaining({ package: 'fault-late-exit', crashes: 3, code: 'SF212' })]);
    await app.close();

    // The runtime restarts: the pipeline is restored paused, and says why.
    app = await start();
    expect(app.engine.state('late')).toMatchObject({ state: 'paused', version: 1, reason: { code: 'SF216', message: expect.stringMatching(/fault-late-exit crashed 3× at start/) } });
    expect(app.engine.running()).toEqual([]);
    expect(app.health().safeMode).toEqual({ packages: [expect.objectContaining({ package: 'fault-late-exit', crashes: 3, code: 'SF212' })], pausedPipelines: 1 });
    // The canvas reads the same metrics as always: the crashing node carries the reason as its status.
    expect(faultNode(app)).toMatchObject({ status: { level: 'error', text: expect.stringMatching(/^SF216 paused/) }, lastError: { code: 'SF216' } });
    expect(app.engine.metrics('late')?.nodes.find((n) => n.nodeId === 'healthy')?.status.text).toBe('paused (safe mode)');

    // The API says the same, and the producer resumes explicitly: it runs again (and the package's slate is clean).
    const api = createCaller(contextAs(app, 'producer'));
    expect(await createCaller(contextAs(app, 'viewer')).pipelines.state({ id: 'late' })).toMatchObject({ state: 'paused', reason: { code: 'SF216' } });
    await expect(createCaller(contextAs(app, 'viewer')).pipelines.resume({ id: 'late' })).rejects.toMatchObject({ cause: { code: 'SF311' } });
    await expect(api.runtime.health()).resolves.toMatchObject({ safeMode: { pausedPipelines: 1 } });
    expect(await api.pipelines.resume({ id: 'late' })).toEqual({ version: 1 });
    expect(await api.pipelines.state({ id: 'late' })).toEqual({ state: 'running', version: 1 });
    await expect(api.pipelines.resume({ id: 'late' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(app.health().safeMode).toEqual({ packages: [], pausedPipelines: 0 });
    await waitFor(() => healthy(app!) >= 3, 'frames after resuming');
  }, 120_000);
});
