import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RuntimeServer } from '../../../src/api/http.ts';
import { appRouter } from '../../../src/api/router.ts';
import type { ApiMeta } from '../../../src/api/trpc.ts';
import { hasRole, type Role } from '../../../src/auth/index.ts';
import type { ShowflowApp } from '../../../src/service/app.ts';
import { testApp } from '../../fixtures/app.ts';
import { bearer, tokenFor } from '../../fixtures/auth.ts';
import { chainDocument } from '../../fixtures/documents.ts';
import { callProcedure, snapshotDir } from './support.ts';

interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  role: ApiMeta['role'] | undefined;
}

/** Read from the router itself, so a procedure added later is checked without touching this test. */
const procedures: ProcedureInfo[] = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureInfo['type']; meta?: ApiMeta } }>).map(
  ([path, p]) => ({ path, type: p._def.type, role: p._def.meta?.role }),
);

/** The only procedures anyone may call: signing in and out, who am I, health. */
const publicProcedures = ['auth.me', 'auth.signIn', 'auth.signOut', 'runtime.health'];

describe('every control procedure checks the caller’s role', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    app = await testApp();
    const doc = chainDocument('evening');
    await app.deployments.save(doc);
    await app.deployments.deploy('evening');
    for (const role of ['viewer', 'producer', 'owner'] as const) tokens[role] = await tokenFor(app, role);
    server = await listen(app, 0, '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('finds the whole API and a declared role on each procedure', () => {
    expect(procedures.length).toBeGreaterThan(40);
    for (const key of ['pipelines.deploy', 'live.createStream', 'commerce.cue', 'nodePackages.reload', 'templates.import', 'metrics.live', 'users.create', 'tokens.revoke']) {
      expect(procedures.map((p) => p.path)).toContain(key);
    }
    const undeclared = procedures.filter((p) => p.role === undefined).map((p) => p.path);
    expect(undeclared).toEqual([]);
    const open = procedures.filter((p) => p.role === 'public').map((p) => p.path);
    expect(open.sort()).toEqual([...publicProcedures].sort());
  });

  it('refuses every non-public procedure without a credential (401 SF310), and writes nothing', { timeout: 60_000 }, async () => {
    const before = snapshotDir(app.dataDir);
    for (const p of procedures.filter((p) => p.role !== 'public')) {
      const reply = await callProcedure(server.url, p.path, p.type);
      expect({ path: p.path, status: reply.status, code: reply.code }).toEqual({ path: p.path, status: 401, code: 'SF310' });
      expect(reply.headers.get('set-cookie')).toBeNull();
    }
    expect(snapshotDir(app.dataDir)).toEqual(before);
  });

  it('refuses every procedure above the caller’s role (403 SF311), and writes nothing', { timeout: 60_000 }, async () => {
    const before = snapshotDir(app.dataDir);
    let refused = 0;
    for (const role of ['viewer', 'producer'] as const) {
      for (const p of procedures.filter((p) => p.role !== 'public' && !hasRole(role, p.role as Role))) {
        const reply = await callProcedure(server.url, p.path, p.type, bearer(tokens[role]));
        expect({ path: p.path, role, status: reply.status, code: reply.code }).toEqual({ path: p.path, role, status: 403, code: 'SF311' });
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(20);
    expect(snapshotDir(app.dataDir)).toEqual(before);
  });

  it('lets each role through to the procedures it holds', async () => {
    const as = (role: Role) => bearer(tokens[role]);
    expect((await callProcedure(server.url, 'pipelines.list', 'query', as('viewer'))).status).toBe(200);
    expect((await callProcedure(server.url, 'metrics.snapshot', 'query', as('viewer'), { pipelineId: 'evening' })).status).toBe(200);
    expect((await callProcedure(server.url, 'metrics.live', 'subscription', as('viewer'), { pipelineId: 'evening' })).status).toBe(200);
    // Past the role check, input validation answers (400), not the role check.
    expect((await callProcedure(server.url, 'pipelines.deploy', 'mutation', as('producer'), { id: 'not a valid id!' })).status).toBe(400);
    const created = await callProcedure(server.url, 'pipelines.create', 'mutation', as('producer'), { name: 'By a producer' });
    expect(created.status).toBe(200);
    expect((await callProcedure(server.url, 'users.list', 'query', as('owner'))).status).toBe(200);
  });

  it('refuses a token that is not a bearer token or is unknown (401 SF315)', async () => {
    expect(await callProcedure(server.url, 'pipelines.list', 'query', { authorization: 'Basic b3duZXI6eA==' })).toMatchObject({ status: 401, code: 'SF315' });
    expect(await callProcedure(server.url, 'pipelines.list', 'query', bearer('sft_not-a-real-token'))).toMatchObject({ status: 401, code: 'SF315' });
  });
});
