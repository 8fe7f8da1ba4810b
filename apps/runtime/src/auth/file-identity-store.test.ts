import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileIdentityStore, IDENTITY_FILE } from './file-identity-store.ts';

const user = { id: 'u1', name: 'ada', role: 'owner' as const, passwordHash: 'scrypt$x', createdAt: '2026-01-01T00:00:00.000Z' };

describe('FileIdentityStore', () => {
  it('makes a folder and file that existed with loose permissions owner-only', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sf-auth-')), 'auth');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, IDENTITY_FILE), JSON.stringify({ version: 1, users: [], sessions: [], tokens: [] }), { mode: 0o644 });
    chmodSync(path.join(dir, IDENTITY_FILE), 0o644);
    const store = await FileIdentityStore.open(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, IDENTITY_FILE)).mode & 0o777).toBe(0o600);
    await store.putUser(user);
    expect(statSync(path.join(dir, IDENTITY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('sees what another process wrote, and drops expired sessions when it writes', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sf-auth-')), 'auth');
    const runtime = await FileIdentityStore.open(dir);
    const cli = await FileIdentityStore.open(dir);
    await cli.putUser(user);
    expect(await runtime.userByName('ada')).toMatchObject({ id: 'u1' });
    await runtime.putSession({ hash: 'old', userId: 'u1', createdAt: '2020-01-01T00:00:00.000Z', expiresAt: '2020-01-02T00:00:00.000Z' });
    expect(await cli.sessionByHash('old')).toBeUndefined();
    expect(await cli.listUsers()).toHaveLength(1);
  });

  it('refuses to start on a damaged file rather than treating it as "no users"', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sf-auth-')), 'auth');
    mkdirSync(dir);
    writeFileSync(path.join(dir, IDENTITY_FILE), '{"version":1,"users":"oops"}');
    await expect(FileIdentityStore.open(dir)).rejects.toThrow(/not a valid identity file/);
    writeFileSync(path.join(dir, IDENTITY_FILE), '{not json');
    await expect(FileIdentityStore.open(dir)).rejects.toThrow(/not valid JSON/);
  });
});
