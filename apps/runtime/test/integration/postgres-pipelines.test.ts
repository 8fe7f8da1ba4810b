import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { clientWith } from '../fixtures/auth.ts';
import { chainDocument } from '../fixtures/documents.ts';
import { tempDataDir, waitFor } from '../fixtures/app.ts';

// Two runtime processes on one PostgreSQL (CI provides it; without it this file fails, never skips).
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');
const testNodes = path.resolve(here, '../fixtures/nodes.ts');
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `pipelines_test_${randomBytes(6).toString('hex')}`;
// The runtimes read only DATABASE_URL; the schema rides in it so this run sees nobody else's rows.
const databaseUrl = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const token = randomBytes(32).toString('base64url');

interface Runtime {
  url: string;
  child: ChildProcess;
  output: () => string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRuntime(): Promise<Runtime> {
  const port = await freePort();
  // Node itself with tsx's loader (not the tsx wrapper), so SIGTERM reaches the runtime.
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/runtime/src/cli/main.ts', 'serve', '--port', String(port), '--data-dir', tempDataDir(), '--nodes', testNodes], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: databaseUrl, SHOWFLOW_BOOTSTRAP_TOKEN: token, SHOWFLOW_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  let up = false;
  const poll = setInterval(() => {
    fetch(`${url}/healthz`).then((r) => (up = r.ok), () => undefined);
  }, 200);
  try {
    await waitFor(() => up || child.exitCode !== null, `the runtime on port ${port}`, 150_000);
  } finally {
    clearInterval(poll);
  }
  if (!up) throw new Error(`the runtime exited with ${child.exitCode}:\n${output}`);
  return { url, child, output: () => output };
}

async function stop(runtime: Runtime | undefined): Promise<void> {
  if (!runtime || runtime.child.exitCode !== null) return;
  const exited = new Promise((resolve) => runtime.child.once('exit', resolve));
  runtime.child.kill('SIGTERM');
  await exited;
}

describe('pipelines on PostgreSQL, shared by two runtime processes', () => {
  let store: PostgresStore;
  let a: Runtime | undefined;
  let b: Runtime | undefined;

  beforeAll(async () => {
    // Made (and migrated) here so it can be dropped after; the runtimes find it ready.
    store = await PostgresStore.open({ connectionString: baseUrl, schema, dropSchemaOnClose: true });
    a = await startRuntime();
    b = await startRuntime();
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
    a = await startRuntime();
    const fromA = clientWith(a.url, token);
    const record = await store.getPipeline('shared');
    expect(record?.activeVersion).not.toBeNull();
    expect((await fromA.pipelines.get.query({ id: 'shared' })).activeVersion).toBe(record!.activeVersion);
    expect((await fromA.versions.list.query({ pipelineId: 'shared' })).length).toBe(8);
  }, 200_000);
});
