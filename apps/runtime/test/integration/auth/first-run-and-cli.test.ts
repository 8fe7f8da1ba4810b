import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RuntimeServer } from '../../../src/api/http.ts';
import { setUpAccess } from '../../../src/cli/serve-access.ts';
import { readEnv } from '../../../src/env.ts';
import type { ShowflowApp } from '../../../src/service/app.ts';
import { testApp } from '../../fixtures/app.ts';
import { bearer } from '../../fixtures/auth.ts';
import { callProcedure } from './support.ts';

const bin = path.resolve(import.meta.dirname, '../../../bin/showflow.mjs');

function showflow(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { env: { ...process.env, SHOWFLOW_LOG_LEVEL: 'error' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin ?? '');
  });
}

describe('first run, automation token and the CLI', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  const bootstrapToken = 'bootstrap-token-for-tests-0123456789abcdef';

  beforeAll(async () => {
    app = await testApp();
    server = await listen(app, 0, '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('creates an owner once on first start, and honours SHOWFLOW_BOOTSTRAP_TOKEN while it is set', async () => {
    const env = readEnv({ SHOWFLOW_DATA_DIR: app.dataDir });
    const first = await setUpAccess(app, env, { SHOWFLOW_BOOTSTRAP_TOKEN: bootstrapToken });
    expect(first).toMatchObject({ name: 'owner', password: expect.stringMatching(/^[\w-]{20}$/) });
    expect(await setUpAccess(app, env, { SHOWFLOW_BOOTSTRAP_TOKEN: bootstrapToken })).toBeUndefined();

    const signedIn = await callProcedure(server.url, 'auth.signIn', 'mutation', { origin: 'http://localhost:3000' }, { name: 'owner', password: first!.password });
    expect(signedIn.status).toBe(200);
    expect(await callProcedure(server.url, 'users.list', 'query', bearer(bootstrapToken))).toMatchObject({ status: 200 });

    // Started again without the variable: that token no longer works.
    await setUpAccess(app, env, {});
    expect(await callProcedure(server.url, 'users.list', 'query', bearer(bootstrapToken))).toMatchObject({ status: 401, code: 'SF315' });
  });

  it('adds users and tokens from the command line, taking effect in the running runtime', { timeout: 120_000 }, async () => {
    const added = await showflow(['users', 'add', 'grace', '--role', 'producer', '--password-stdin', '--data-dir', app.dataDir], 'a password from stdin\n');
    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('added grace (producer)') });
    expect(await callProcedure(server.url, 'auth.signIn', 'mutation', { origin: 'http://localhost:3000' }, { name: 'grace', password: 'a password from stdin' })).toMatchObject({ status: 200 });

    const created = await showflow(['token', 'create', 'ci', '--role', 'viewer', '--data-dir', app.dataDir]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^sft_[\w-]{43}$/);
    expect((await callProcedure(server.url, 'pipelines.list', 'query', bearer(token))).status).toBe(200);
    expect(await callProcedure(server.url, 'pipelines.create', 'mutation', bearer(token), { name: 'x' })).toMatchObject({ status: 403, code: 'SF311' });

    const listed = await showflow(['token', 'list', '--data-dir', app.dataDir]);
    const id = listed.stdout.split('\n').find((l) => l.endsWith('\tci'))!.split('\t')[0];
    expect((await showflow(['token', 'revoke', id, '--data-dir', app.dataDir])).code).toBe(0);
    expect(await callProcedure(server.url, 'pipelines.list', 'query', bearer(token))).toMatchObject({ status: 401, code: 'SF315' });

    expect(await showflow(['users', 'remove', 'owner', '--data-dir', app.dataDir])).toMatchObject({ code: 1, stdout: expect.stringContaining('SF319') });
  });
});
