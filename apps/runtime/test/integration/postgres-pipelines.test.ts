import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/service/deployments.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { clientWith } from '../fixtures/auth.ts';
import { clusterSetting } from '../fixtures/cluster-setting.ts';
import { chainDocument } from '../fixtures/documents.ts';
import { startRuntimeProcess, stopRuntimeProcess, type RuntimeProcess } from '../fixtures/runtime-process.ts';

// Two runtime processes on one PostgreSQL.
const { baseUrl, schema, token, sharedStore: env } = clusterSetting('pipelines_test');
const startRuntime = (name: string) => startRuntimeProcess(name, env);
const stop = stopRuntimeProcess;
type Runtime = RuntimeProcess;

describe('pipelines on PostgreSQL, shared by two runtime processes', () => {
  let store: PostgresStore;
  let a: Runtime | undefined;
  let b: Runtime | undefined;

  beforeAll(async () => {
    // Made (and migrated) here so it can be dropped after; the runtimes find it ready.
    store = await PostgresStore.open({ connectionString: baseUrl, schema, dropSchemaOnClose: true });
    // A pipeline already stored (never deployed) keeps the runtimes from seeding and starting the demo show.
    const draft = parseDocument(chainDocument('waiting'));
    const at = new Date().toISOString();
    await store.putPipeline({ id: 'waiting', name: 'Waiting', createdAt: at, updatedAt: at, draft, draftHash: 'waiting', activeVersion: null, activations: [] });
    [a, b] = await Promise.all([startRuntime('a'), startRuntime('b')]);
  }, 300_000);

  afterAll(async () => {
    await stop(a);
    await stop(b);
    await store?.close();
  }, 60_000);

  it('gives deploys from both at the same moment distinct, consecutive version numbers', async () => {
    const fromA = clientWith(a!.url, token);
    const fromB = clientWith(b!.url, token);
    await fromA.pipelines.create.mutate({ id: 'shared', name: 'Shared' });
    // B sees what A created: one store.
    expect((await fromB.pipelines.list.query()).map((p) => p.id)).toContain('shared');

    const deploys = Array.from({ length: 8 }, (_, i) => {
      const document = chainDocument('shared', { cameraMs: 1000, counterLabel: `take ${i}` });
      return (i % 2 ? fromB : fromA).pipelines.deploy.mutate({ id: 'shared', document, note: `take ${i}` });
    });
    const results = await Promise.all(deploys);
    const numbers = results.map((r) => r.version).sort((x, y) => x - y);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    // Both list the same history, and each number holds the document deployed under it.
    const listA = await fromA.versions.list.query({ pipelineId: 'shared' });
    const listB = await fromB.versions.list.query({ pipelineId: 'shared' });
    expect(listA.map((v) => [v.version, v.note])).toEqual(listB.map((v) => [v.version, v.note]));
    expect(listA.map((v) => v.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    for (const [i, r] of results.entries()) {
      const stored = await store.getVersion('shared', r.version);
      expect(stored?.note).toBe(`take ${i}`);
      expect(stored?.hash).toBe(r.hash);
      expect(stored?.document.nodes.find((n) => n.id === 'cnt')?.config).toEqual({ label: `take ${i}` });
    }
  }, 200_000);

  it('keeps pipelines in the database, not in the data folder, across a restart', async () => {
    await stop(a);
    a = await startRuntime('a again');
    const fromA = clientWith(a.url, token);
    const record = await store.getPipeline('shared');
    expect(record?.activeVersion).not.toBeNull();
    expect((await fromA.pipelines.get.query({ id: 'shared' })).activeVersion).toBe(record!.activeVersion);
    expect((await fromA.versions.list.query({ pipelineId: 'shared' })).length).toBe(8);
  }, 200_000);
});
