import type { Role } from './roles.ts';

export interface UserRecord {
  id: string;
  /** Sign-in name, stored lower-case. */
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
}

export interface SessionRecord {
  /** SHA-256 of the cookie value. */
  hash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  /** SHA-256 of the token. */
  hash: string;
  createdAt: string;
  /** Who made it: a user name, `cli`, or `environment` for SHOWFLOW_BOOTSTRAP_TOKEN. */
  createdBy: string;
  revokedAt?: string;
}

/**
 * Where users, sessions and API tokens live. The embedded default is a 0600 file under the
 * data folder (FileIdentityStore); a PostgreSQL store implements the same methods.
 * Every method that writes resolves only once the change is durable.
 */
export interface IdentityStore {
  listUsers(): Promise<UserRecord[]>;
  userByName(name: string): Promise<UserRecord | undefined>;
  userById(id: string): Promise<UserRecord | undefined>;
  /** Creates or replaces a user by id. */
  putUser(user: UserRecord): Promise<void>;
  /** Removes the user with their sessions. */
  deleteUser(id: string): Promise<void>;

  sessionByHash(hash: string): Promise<SessionRecord | undefined>;
  putSession(session: SessionRecord): Promise<void>;
  deleteSession(hash: string): Promise<void>;
  deleteSessionsOf(userId: string): Promise<void>;

  listTokens(): Promise<TokenRecord[]>;
  tokenByHash(hash: string): Promise<TokenRecord | undefined>;
  /** Creates or replaces a token by id. */
  putToken(token: TokenRecord): Promise<void>;
}
