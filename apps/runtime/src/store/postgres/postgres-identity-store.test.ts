import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgSql } from '@showflow/commerce';
import { PostgresIdentityStore } from './postgres-identity-store.ts';

// CI provides PostgreSQL; without it this file fails (it never skips).
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ada = { id: 'u1', name: 'ada', role: 'owner' as const, passwordHash: 'scrypt$x', createdAt: '2026-01-01T00:00:00.000Z' };
const token = { id: 't1', name: 'ci', role: 'producer' as const, hash: 'th1', createdAt: '2026-01-01T00:00:01.000Z', createdBy: 'cli' };
const future = '2999-01-01T00:00:00.000Z';

describe('PostgresIdentityStore', () => {
  const open: PostgresIdentityStore[] = [];
  const schemas: string[] = [];
  /** Two stores on one fresh schema: two runtimes sharing one database. */
  async function twoRuntimes(): Promise<[PostgresIdentityStore, PostgresIdentityStore]> {
    const schema = `identity_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const a = await PostgresIdentityStore.open({ connectionString: databaseUrl, schema });
    const b = await PostgresIdentityStore.open({ connectionString: databaseUrl, schema });
    open.push(a, b);
    return [a, b];
  }
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    const sql = await createPgSql({ connectionString: databaseUrl });
    for (const schema of schemas.splice(0)) await sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.close();
  });

  it('shares users between runtimes and replaces a user by id', async () => {
    const [a, b] = await twoRuntimes();
    await a.putUser(ada);
    await a.putUser({ ...ada, id: 'u2', name: 'bob', role: 'viewer', createdAt: '2026-01-02T00:00:00.000Z' });
    expect(await b.userByName('ada')).toEqual(ada);
    expect(await b.userById('u2')).toMatchObject({ name: 'bob', role: 'viewer' });
    await b.putUser({ ...ada, role: 'producer' });
    expect((await a.listUsers()).map((u) => [u.name, u.role])).toEqual([
      ['ada', 'producer'],
      ['bob', 'viewer'],
    ]);
    expect(await a.userByName('nobody')).toBeUndefined();
    // One name, one user, even when two runtimes add it.
    await expect(b.putUser({ ...ada, id: 'u3' })).rejects.toThrow();
  });

  it('signs in on every runtime with a session made on one, and drops sessions with their user', async () => {
    const [a, b] = await twoRuntimes();
    await a.putUser(ada);
    await a.putSession({ hash: 's1', userId: 'u1', createdAt: ada.createdAt, expiresAt: future });
    await a.putSession({ hash: 's2', userId: 'u1', createdAt: ada.createdAt, expiresAt: future });
    expect(await b.sessionByHash('s1')).toEqual({ hash: 's1', userId: 'u1', createdAt: ada.createdAt, expiresAt: future });
    await b.deleteSession('s1');
    expect(await a.sessionByHash('s1')).toBeUndefined();
    expect(await a.sessionByHash('s2')).toBeDefined();
    await b.deleteUser('u1');
    expect(await a.sessionByHash('s2')).toBeUndefined();
    expect(await a.userById('u1')).toBeUndefined();
  });

  it('clears expired sessions when a session is written, and all of a user\'s sessions on request', async () => {
    const [a] = await twoRuntimes();
    await a.putSession({ hash: 'old', userId: 'u1', createdAt: '2020-01-01T00:00:00.000Z', expiresAt: '2020-01-02T00:00:00.000Z' });
    await a.putSession({ hash: 'new', userId: 'u1', createdAt: ada.createdAt, expiresAt: future });
    expect(await a.sessionByHash('old')).toBeUndefined();
    await a.putSession({ hash: 'other', userId: 'u2', createdAt: ada.createdAt, expiresAt: future });
    await a.deleteSessionsOf('u1');
    expect(await a.sessionByHash('new')).toBeUndefined();
    expect(await a.sessionByHash('other')).toBeDefined();
  });

  it('keeps tokens in creation order; a revocation on one runtime holds on the other', async () => {
    const [a, b] = await twoRuntimes();
    await a.putToken(token);
    await a.putToken({ ...token, id: 't2', name: 'bench', hash: 'th2' });
    expect(await b.tokenByHash('th1')).toEqual(token);
    await b.putToken({ ...token, revokedAt: '2026-01-03T00:00:00.000Z' });
    expect((await a.tokenByHash('th1'))?.revokedAt).toBe('2026-01-03T00:00:00.000Z');
    expect((await a.listTokens()).map((t) => [t.id, t.revokedAt ?? null])).toEqual([
      ['t1', '2026-01-03T00:00:00.000Z'],
      ['t2', null],
    ]);
    expect(await a.tokenByHash('unknown')).toBeUndefined();
  });
});
