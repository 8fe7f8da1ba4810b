import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RuntimeServer } from '../../../src/api/http.ts';
import { authDir, identityOf } from '../../../src/auth/index.ts';
import type { ShowflowApp } from '../../../src/service/app.ts';
import { testApp } from '../../fixtures/app.ts';
import { bearer, tokenFor } from '../../fixtures/auth.ts';
import { callProcedure, snapshotDir } from './support.ts';

const editorOrigin = { origin: 'http://localhost:3000' };
const password = 'correct horse battery';

function cookieOf(setCookie: string | null): string {
  expect(setCookie).toBeTruthy();
  return setCookie!.split(';')[0];
}

describe('editor sessions: sign-in, cookie, sign-out, throttling', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;

  beforeAll(async () => {
    app = await testApp();
    const identity = await identityOf(app);
    await identity.createUser({ name: 'Ada', role: 'producer', password });
    await identity.createUser({ name: 'guesser-target', role: 'viewer', password });
    server = await listen(app, 0, '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('signs in with a HttpOnly, SameSite=Strict session cookie that works until sign-out', async () => {
    const signedIn = await callProcedure(server.url, 'auth.signIn', 'mutation', editorOrigin, { name: 'ada', password });
    expect(signedIn.status).toBe(200);
    const setCookie = signedIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^showflow_session=sfs_[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    // Kept by the browser for the 7-day cap; the runtime ends it after 12 h unused.
    expect(setCookie).toMatch(/Max-Age=604800/);
    expect(setCookie).not.toContain('Secure');
    expect(setCookie).not.toMatch(/Domain=/i);
    const cookie = { cookie: cookieOf(setCookie), ...editorOrigin };

    expect(await callProcedure(server.url, 'auth.me', 'query', cookie)).toMatchObject({ status: 200, body: { result: { data: { signedIn: true, name: 'ada', role: 'producer', kind: 'user' } } } });
    expect((await callProcedure(server.url, 'pipelines.create', 'mutation', cookie, { name: 'From the editor' })).status).toBe(200);

    const out = await callProcedure(server.url, 'auth.signOut', 'mutation', cookie);
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^showflow_session=; .*Max-Age=0/);
    expect(await callProcedure(server.url, 'pipelines.list', 'query', cookie)).toMatchObject({ status: 401, code: 'SF314' });
  });

  it('marks the cookie Secure when the editor was reached over HTTPS', async () => {
    const reply = await callProcedure(server.url, 'auth.signIn', 'mutation', { ...editorOrigin, 'x-forwarded-proto': 'https' }, { name: 'ada', password });
    expect(reply.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('never lets the cookie change state from a foreign or missing Origin, and writes nothing', async () => {
    const signedIn = await callProcedure(server.url, 'auth.signIn', 'mutation', editorOrigin, { name: 'ada', password });
    const cookie = cookieOf(signedIn.headers.get('set-cookie'));
    const before = snapshotDir(app.dataDir);
    for (const headers of [{ cookie, origin: 'https://evil.example' }, { cookie }, { cookie, origin: 'null' }] as Record<string, string>[]) {
      // SF311 from the session check; SF321 when the request guard already turned a foreign Origin away.
      expect(await callProcedure(server.url, 'pipelines.create', 'mutation', headers, { name: 'Forged' })).toMatchObject({ status: 403, code: expect.stringMatching(/^SF3(11|21)$/) });
    }
    expect(snapshotDir(app.dataDir)).toEqual(before);
    // Reads carry no Origin from a plain navigation; SameSite keeps other sites from sending the cookie at all.
    expect((await callProcedure(server.url, 'pipelines.list', 'query', { cookie })).status).toBe(200);
    expect(await callProcedure(server.url, 'auth.signIn', 'mutation', { origin: 'https://evil.example' }, { name: 'ada', password })).toMatchObject({ status: 403, code: expect.stringMatching(/^SF3(11|21)$/) });
  });

  it('throttles guessing: after 5 wrong passwords even the right one waits (429 SF313)', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await callProcedure(server.url, 'auth.signIn', 'mutation', editorOrigin, { name: 'guesser-target', password: `wrong-guess-${i}` })).toMatchObject({ status: 401, code: 'SF312' });
    }
    const locked = await callProcedure(server.url, 'auth.signIn', 'mutation', editorOrigin, { name: 'guesser-target', password });
    expect(locked).toMatchObject({ status: 429, code: 'SF313' });
    expect(locked.headers.get('set-cookie')).toBeNull();
    // An unknown name answers like a wrong password: nobody learns which names exist.
    expect(await callProcedure(server.url, 'auth.signIn', 'mutation', { origin: 'http://127.0.0.1:3000' }, { name: 'nobody-here', password })).toMatchObject({ code: expect.stringMatching(/SF312|SF313/) });
  });

  it('keeps its identity file owner-only and stores no secret in the clear', async () => {
    const dir = authDir(app.dataDir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dir, 'identity.json'))).mode & 0o777).toBe(0o600);
    const token = await tokenFor(app, 'viewer');
    const text = JSON.stringify(snapshotDir(app.dataDir)) + (await import('node:fs')).readFileSync(path.join(dir, 'identity.json'), 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(password);
  });

  it('revokes an API token at once (401 SF315), through the owner API', async () => {
    const owner = bearer(await tokenFor(app, 'owner'));
    const created = await callProcedure(server.url, 'tokens.create', 'mutation', owner, { name: 'ci', role: 'producer' });
    const { token, record } = (created.body as { result: { data: { token: string; record: { id: string } } } }).result.data;
    expect((await callProcedure(server.url, 'pipelines.list', 'query', bearer(token))).status).toBe(200);
    expect((await callProcedure(server.url, 'tokens.revoke', 'mutation', owner, { id: record.id })).status).toBe(200);
    expect(await callProcedure(server.url, 'pipelines.list', 'query', bearer(token))).toMatchObject({ status: 401, code: 'SF315' });
  });

  it('lets owners manage users, never removing the last owner', async () => {
    const owner = bearer(await tokenFor(app, 'owner'));
    expect((await callProcedure(server.url, 'users.create', 'mutation', owner, { name: 'boss', role: 'owner', password })).status).toBe(200);
    expect(await callProcedure(server.url, 'users.create', 'mutation', owner, { name: 'boss', role: 'viewer', password })).toMatchObject({ status: 409, code: 'SF316' });
    expect(await callProcedure(server.url, 'users.create', 'mutation', owner, { name: 'shorty', role: 'viewer', password: 'short' })).toMatchObject({ status: 400, code: 'SF317' });
    expect(await callProcedure(server.url, 'users.delete', 'mutation', owner, { name: 'boss' })).toMatchObject({ status: 409, code: 'SF319' });
    expect(await callProcedure(server.url, 'users.setRole', 'mutation', owner, { name: 'boss', role: 'viewer' })).toMatchObject({ status: 409, code: 'SF319' });
  });
});
