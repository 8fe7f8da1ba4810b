import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocumentInput } from '@showflow/shared';
import type { ShowflowApp } from '../../src/service/app.ts';
import { chainDocument } from '../fixtures/documents.ts';
import { nodeMetrics, tempDataDir, testApp, waitFor } from '../fixtures/app.ts';

const count = (app: ShowflowApp, id: string) => Number(nodeMetrics(app, id, 'cnt')?.status.text ?? 0);

describe('deploy, redeploy, rollback on real frames in Node-RED', () => {
  const dataDir = tempDataDir();
  let app: ShowflowApp;
  let baseline: number;

  beforeAll(async () => {
    app = await testApp(dataDir);
    baseline = app.engine.pool.stats().liveHandles;
  });
  afterAll(() => app?.close());

  it('deploys version 1 and runs frames end to end', async () => {
    await app.deployments.save(chainDocument('show', { cameraMs: 40 }));
    const { version, hash } = await app.deployments.deploy('show', { note: 'first' });
    expect(version).toBe(1);
    expect(hash).toMatch(/^sha256:/);
    await waitFor(() => (nodeMetrics(app, 'show', 'out')?.processed ?? 0) >= 5, 'frames at the sink');
    const m = app.engine.metrics('show')!;
    expect(m.version).toBe(1);
    expect(m.nodes.map((n) => n.nodeId)).toEqual(['cam', 'inv', 'cnt', 'out']);
    expect(m.endToEnd.count).toBeGreaterThan(0);
    expect(m.endToEnd.p50).toBeGreaterThan(0);
    expect(Object.keys(m.edges).sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(m.nodes.every((n) => n.errors === 0)).toBe(true);
    const preview = await app.engine.preview('show', 'inv');
    expect(preview).toMatchObject({ mime: 'image/jpeg', width: 1280, height: 720 });
    expect(preview!.data.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('keeps the state of unchanged nodes across a partial redeploy', async () => {
    await waitFor(() => count(app, 'show') >= 5, 'counter to count');
    const before = count(app, 'show');
    const { version } = await app.deployments.deploy('show', { document: chainDocument('show', { cameraMs: 35 }), note: 'faster camera' });
    expect(version).toBe(2);
    expect(app.engine.metrics('show')!.version).toBe(2);
    await waitFor(() => count(app, 'show') >= before + 3, 'counter to go on');
    // The counter went on from where it was: it was not restarted.
    expect(count(app, 'show')).toBeGreaterThan(before);
  });

  it('restarts a node whose config changed (its state starts over)', async () => {
    await waitFor(() => count(app, 'show') >= 10, 'counter past 10');
    await app.deployments.deploy('show', { document: chainDocument('show', { cameraMs: 35, counterLabel: 'changed' }) });
    await waitFor(() => count(app, 'show') >= 1, 'the new counter to count');
    expect(count(app, 'show')).toBeLessThan(10);
  });

  it('returns the running version when the same document is deployed again', async () => {
    const again = await app.deployments.deploy('show');
    expect(again.version).toBe(3);
    expect((await app.deployments.versions('show')).length).toBe(3);
  });

  it('lists versions newest first with what changed', async () => {
    const versions = await app.deployments.versions('show');
    expect(versions.map((v) => [v.version, v.active])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect(versions[0].summary).toEqual({ added: [], removed: [], changed: ['cnt'] });
    expect(versions[1].summary).toEqual({ added: [], removed: [], changed: ['cam'] });
    expect(versions[2].summary).toEqual({ added: ['cam', 'inv', 'cnt', 'out'], removed: [], changed: [] });
    expect(versions[2].note).toBe('first');
  });

  it('rolls back to an older version, records it and keeps versions unchanged', async () => {
    const v2 = await app.deployments.version('show', 2);
    const result = await app.deployments.rollback('show', 1);
    expect(result).toEqual({ activeVersion: 1 });
    expect(app.engine.metrics('show')!.version).toBe(1);
    expect(await app.deployments.version('show', 2)).toEqual(v2);
    const record = await app.store.getPipeline('show');
    expect(record!.activations.map((a) => [a.version, a.reason])).toEqual([
      [1, 'deploy'],
      [2, 'deploy'],
      [3, 'deploy'],
      [1, 'rollback'],
    ]);
    const processed = nodeMetrics(app, 'show', 'out')!.processed;
    await waitFor(() => nodeMetrics(app, 'show', 'out')!.processed > processed + 2, 'frames after rollback');
    await expect(app.deployments.rollback('show', 99)).rejects.toMatchObject({ code: 'SF302' });
  });

  it('refuses an invalid document with every problem and stores nothing', async () => {
    const bad: PipelineDocumentInput = chainDocument('show');
    bad.nodes[0] = { ...bad.nodes[0], config: { intervalMs: 'fast' } };
    bad.nodes[1] = { ...bad.nodes[1], type: 'test.nothing' };
    bad.edges.push({ id: 'e9', from: { node: 'cnt', port: 'count' }, to: { node: 'ghost', port: 'x' } });
    const err = await app.deployments.deploy('show', { document: bad }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ShowflowError' });
    const problems = (err as { problems: { code: string; path: (string | number)[] }[] }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'SF103', path: ['nodes', 0, 'config', 'intervalMs'] }),
        expect.objectContaining({ code: 'SF102', path: ['nodes', 1, 'type'] }),
        expect.objectContaining({ code: 'SF104', path: ['edges', 4, 'to', 'node'] }),
      ]),
    );
    expect((await app.deployments.versions('show')).length).toBe(3);
    expect(app.engine.metrics('show')!.version).toBe(1);
  });

  it('gives every frame reference back when the pipeline stops', async () => {
    expect(app.engine.pool.stats().liveHandles).toBeGreaterThan(baseline);
    expect(app.engine.pool.stats().recycled).toBeGreaterThan(0);
    await app.engine.stop('show');
    expect(app.engine.pool.stats()).toMatchObject({ liveHandles: baseline, refs: 0 });
  });

  it('loses nothing on restart and runs the active version again', async () => {
    await app.deployments.rollback('show', 2);
    await app.close();
    app = await testApp(dataDir);
    expect(app.engine.running()).toEqual([{ pipelineId: 'show', version: 2 }]);
    expect((await app.deployments.versions('show')).map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await app.deployments.get('show')).activeVersion).toBe(2);
    await waitFor(() => (nodeMetrics(app, 'show', 'out')?.processed ?? 0) >= 3, 'frames after restart');
    await app.deployments.delete('show');
    expect(app.engine.running()).toEqual([]);
    expect(await app.deployments.list()).toEqual([]);
    expect(app.engine.pool.stats().liveHandles).toBe(0);
  });
});
