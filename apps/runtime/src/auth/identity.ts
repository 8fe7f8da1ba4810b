import { randomBytes } from 'node:crypto';
import { ShowflowError } from '@showflow/shared';
import type { IdentityStore, SessionRecord, TokenRecord, UserRecord } from './identity-store.ts';
import { checkPasswordRules, decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import type { Role } from './roles.ts';
import { newId, newSecret, secretHash } from './secrets.ts';
import { SignInThrottle } from './sign-in-throttle.ts';

/** Who is making a request, as every procedure and producer route sees it. */
export type Caller =
  | { kind: 'anonymous'; role: null }
  | { kind: 'user'; role: Role; userId: string; name: string; sessionHash: string }
  | { kind: 'token'; role: Role; tokenId: string; name: string };

export const anonymous: Caller = { kind: 'anonymous', role: null };

/** What the editor may show about a user: never the password hash. */
export interface PublicUser {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
}
export type PublicToken = Omit<TokenRecord, 'hash'>;

export interface IdentityOptions {
  /** How long a session lasts unused; each use slides it on. Default 12 hours (a show day). */
  sessionTtlMs?: number;
  /** How long a session lasts at most after sign-in, however often it is used; default 7 days. */
  sessionMaxMs?: number;
  throttle?: SignInThrottle;
  now?: () => number;
}

const UserName = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** A session in use is slid on at most this often, so a busy editor writes its session rarely. */
const SLIDE_STEP_MS = 5 * 60_000;

export function publicUser(u: UserRecord): PublicUser {
  return { id: u.id, name: u.name, role: u.role, createdAt: u.createdAt };
}

function publicToken({ hash: _hash, ...rest }: TokenRecord): PublicToken {
  return rest;
}

/**
 * Users, sessions and API tokens over an IdentityStore: sign-in with throttling, session and
 * token checks, user and token management. Secrets (session ids, tokens) are returned once
 * and only their hashes are stored.
 */
export class Identity {
  readonly sessionTtlMs: number;
  readonly sessionMaxMs: number;
  private readonly throttle: SignInThrottle;
  private readonly now: () => number;

  constructor(
    readonly store: IdentityStore,
    options: IdentityOptions = {},
  ) {
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
    this.sessionMaxMs = Math.max(this.sessionTtlMs, options.sessionMaxMs ?? 7 * 24 * 3600_000);
    this.throttle = options.throttle ?? new SignInThrottle();
    this.now = options.now ?? Date.now;
  }

  /**
   * Checks a password and opens a session. `client` (the caller's address) is throttled
   * alongside the user name, so one address cannot try many names quickly either.
   */
  async signIn(name: string, password: string, client: string): Promise<{ session: string; user: PublicUser; expiresAt: string }> {
    const userName = name.trim().toLowerCase();
    const keys = [`user:${userName}`, `client:${client}`];
    const wait = this.throttle.retryAfterMs(keys);
    if (wait > 0) throw Object.assign(new ShowflowError('SF313', `too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s`), { retryAfterSeconds: Math.ceil(wait / 1000) });
    const user = await this.store.userByName(userName);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
    if (!user || !ok) {
      this.throttle.failed(keys);
      throw new ShowflowError('SF312', 'wrong user name or password');
    }
    this.throttle.succeeded(keys[0]);
    const session = newSecret('sfs');
    const expiresAt = new Date(this.now() + this.sessionTtlMs).toISOString();
    await this.store.putSession({ hash: secretHash(session), userId: user.id, createdAt: new Date(this.now()).toISOString(), expiresAt });
    return { session, user: publicUser(user), expiresAt };
  }

  async signOut(session: string): Promise<void> {
    await this.store.deleteSession(secretHash(session));
  }

  /**
   * The user behind a session cookie value; SF314 when it is unknown, expired or its user is
   * gone. Using a session slides its expiry on by the idle time, never past the cap after sign-in.
   */
  async sessionCaller(session: string): Promise<Caller> {
    const hash = secretHash(session);
    const record = await this.store.sessionByHash(hash);
    const now = this.now();
    if (!record || record.expiresAt <= new Date(now).toISOString()) throw new ShowflowError('SF314', 'the session has expired or was signed out; sign in again');
    const user = await this.store.userById(record.userId);
    if (!user) throw new ShowflowError('SF314', 'the session belongs to a removed user; sign in again');
    await this.slide(record, now);
    return { kind: 'user', role: user.role, userId: user.id, name: user.name, sessionHash: hash };
  }

  private async slide(record: SessionRecord, now: number): Promise<void> {
    const expiresAt = Math.min(now + this.sessionTtlMs, Date.parse(record.createdAt) + this.sessionMaxMs);
    if (expiresAt - Date.parse(record.expiresAt) < SLIDE_STEP_MS) return;
    await this.store.putSession({ ...record, expiresAt: new Date(expiresAt).toISOString() });
  }

  /** The API token's caller; SF315 when it is unknown or revoked. */
  async tokenCaller(token: string): Promise<Caller> {
    const record = await this.store.tokenByHash(secretHash(token));
    if (!record || record.revokedAt) throw new ShowflowError('SF315', 'the API token is unknown or revoked');
    return { kind: 'token', role: record.role, tokenId: record.id, name: record.name };
  }

  async hasUsers(): Promise<boolean> {
    return (await this.store.listUsers()).length > 0;
  }

  async listUsers(): Promise<PublicUser[]> {
    return (await this.store.listUsers()).map(publicUser).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createUser(input: { name: string; role: Role; password: string }): Promise<PublicUser> {
    const name = input.name.trim().toLowerCase();
    if (!UserName.test(name)) throw new ShowflowError('SF303', 'a user name is 1–64 letters, digits, . _ @ or -, starting with a letter or digit');
    checkPasswordRules(input.password);
    if (await this.store.userByName(name)) throw new ShowflowError('SF316', `a user named ${name} already exists`);
    const user: UserRecord = { id: newId(), name, role: input.role, passwordHash: await hashPassword(input.password), createdAt: new Date(this.now()).toISOString() };
    await this.store.putUser(user);
    return publicUser(user);
  }

  /** A new password ends every session of the user. */
  async setPassword(name: string, password: string): Promise<void> {
    const user = await this.requireUser(name);
    await this.store.putUser({ ...user, passwordHash: await hashPassword(password) });
    await this.store.deleteSessionsOf(user.id);
  }

  async setRole(name: string, role: Role): Promise<PublicUser> {
    const user = await this.requireUser(name);
    if (user.role === 'owner' && role !== 'owner') await this.keepAnOwner(user.id);
    const next = { ...user, role };
    await this.store.putUser(next);
    return publicUser(next);
  }

  async deleteUser(name: string): Promise<void> {
    const user = await this.requireUser(name);
    if (user.role === 'owner') await this.keepAnOwner(user.id);
    await this.store.deleteUser(user.id);
  }

  /** A new API token, returned once. */
  async createToken(input: { name: string; role: Role; createdBy: string; secret?: string }): Promise<{ token: string; record: PublicToken }> {
    const token = input.secret ?? newSecret('sft');
    const record: TokenRecord = { id: newId(), name: input.name.slice(0, 100), role: input.role, hash: secretHash(token), createdAt: new Date(this.now()).toISOString(), createdBy: input.createdBy };
    await this.store.putToken(record);
    return { token, record: publicToken(record) };
  }

  async listTokens(): Promise<PublicToken[]> {
    return (await this.store.listTokens()).map(publicToken);
  }

  async revokeToken(id: string): Promise<PublicToken> {
    const record = (await this.store.listTokens()).find((t) => t.id === id);
    if (!record) throw new ShowflowError('SF318', `no API token with id ${id}`);
    const revoked = record.revokedAt ? record : { ...record, revokedAt: new Date(this.now()).toISOString() };
    await this.store.putToken(revoked);
    return publicToken(revoked);
  }

  /**
   * First run: with no users at all, creates `owner` with the given password or a random one,
   * which is returned so it can be shown once. Undefined when users already exist.
   */
  async bootstrapOwner(password?: string): Promise<{ name: string; password: string } | undefined> {
    if (await this.hasUsers()) return undefined;
    const chosen = password ?? randomBytes(15).toString('base64url');
    await this.createUser({ name: 'owner', role: 'owner', password: chosen });
    return { name: 'owner', password: chosen };
  }

  /**
   * SHOWFLOW_BOOTSTRAP_TOKEN: an owner token for automation (tests, benchmarks, CI) that holds
   * exactly while the variable is set. A changed or removed variable revokes the previous one.
   */
  async syncEnvironmentToken(secret: string | undefined): Promise<void> {
    const hash = secret ? secretHash(secret) : undefined;
    for (const t of await this.store.listTokens()) {
      if (t.createdBy === 'environment' && !t.revokedAt && t.hash !== hash) await this.store.putToken({ ...t, revokedAt: new Date(this.now()).toISOString() });
    }
    if (!secret || !hash) return;
    if (secret.length < 32) throw new Error('SHOWFLOW_BOOTSTRAP_TOKEN needs at least 32 characters');
    const existing = await this.store.tokenByHash(hash);
    if (!existing) await this.createToken({ name: 'SHOWFLOW_BOOTSTRAP_TOKEN', role: 'owner', createdBy: 'environment', secret });
    else if (existing.revokedAt && existing.createdBy === 'environment') await this.store.putToken({ ...existing, revokedAt: undefined });
  }

  private async requireUser(name: string): Promise<UserRecord> {
    const user = await this.store.userByName(name.trim().toLowerCase());
    if (!user) throw new ShowflowError('SF318', `no user named ${name}`);
    return user;
  }

  private async keepAnOwner(leaving: string): Promise<void> {
    const owners = (await this.store.listUsers()).filter((u) => u.role === 'owner' && u.id !== leaving);
    if (owners.length === 0) throw new ShowflowError('SF319', 'the last owner cannot be removed or demoted; make another owner first');
  }
}
