import { createPgSql, type Sql } from '@showflow/commerce';
import type { IdentityStore, SessionRecord, TokenRecord, UserRecord } from '../../auth/identity-store.ts';
import type { Role } from '../../auth/roles.ts';
import { connectionFailure } from './connection-failure.ts';
import { migratePipelines } from './migrate.ts';

export interface PostgresIdentityStoreOptions {
  connectionString: string;
  /** Tables in this schema; default the connection's `public`. */
  schema?: string;
  /** Pool size; default 3 (sign-ins are few and short). */
  max?: number;
}

interface UserRow {
  id: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: string;
}
interface SessionRow {
  hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}
interface TokenRow {
  id: string;
  name: string;
  role: Role;
  hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

/**
 * Users, sessions and API tokens on PostgreSQL (DATABASE_URL), so every runtime on the
 * database knows the same people: a session made on one instance signs in on all of them,
 * a token revoked on one is refused by all. Same contract as the file store: writes resolve
 * once committed, and expired sessions are cleared whenever a session is written.
 */
export class PostgresIdentityStore implements IdentityStore {
  private constructor(private readonly sql: Sql) {}

  static async open(options: PostgresIdentityStoreOptions): Promise<PostgresIdentityStore> {
    let sql: Sql | undefined;
    try {
      sql = await createPgSql({ connectionString: options.connectionString, schema: options.schema, max: options.max ?? 3 });
      await migratePipelines(sql);
    } catch (err) {
      await sql?.close().catch(() => {});
      throw connectionFailure(err, options.connectionString);
    }
    return new PostgresIdentityStore(sql);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.sql.query<UserRow>('SELECT * FROM identity_users ORDER BY created_at, id')).map(userOf);
  }
  async userByName(name: string): Promise<UserRecord | undefined> {
    const [row] = await this.sql.query<UserRow>('SELECT * FROM identity_users WHERE name = $1', [name]);
    return row && userOf(row);
  }
  async userById(id: string): Promise<UserRecord | undefined> {
    const [row] = await this.sql.query<UserRow>('SELECT * FROM identity_users WHERE id = $1', [id]);
    return row && userOf(row);
  }
  async putUser(u: UserRecord): Promise<void> {
    await this.sql.query(
      `INSERT INTO identity_users (id, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = $2, role = $3, password_hash = $4, created_at = $5`,
      [u.id, u.name, u.role, u.passwordHash, u.createdAt],
    );
  }
  async deleteUser(id: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query('DELETE FROM identity_sessions WHERE user_id = $1', [id]);
      await tx.query('DELETE FROM identity_users WHERE id = $1', [id]);
    });
  }

  async sessionByHash(hash: string): Promise<SessionRecord | undefined> {
    const [row] = await this.sql.query<SessionRow>('SELECT * FROM identity_sessions WHERE hash = $1', [hash]);
    return row && { hash: row.hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at };
  }
  async putSession(s: SessionRecord): Promise<void> {
    await this.sql.transaction(async (tx) => {
      // ISO times in one format compare as text: the file store clears expired sessions the same way.
      await tx.query('DELETE FROM identity_sessions WHERE expires_at <= $1', [new Date().toISOString()]);
      await tx.query(
        `INSERT INTO identity_sessions (hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (hash) DO UPDATE SET user_id = $2, created_at = $3, expires_at = $4`,
        [s.hash, s.userId, s.createdAt, s.expiresAt],
      );
    });
  }
  async deleteSession(hash: string): Promise<void> {
    await this.sql.query('DELETE FROM identity_sessions WHERE hash = $1', [hash]);
  }
  async deleteSessionsOf(userId: string): Promise<void> {
    await this.sql.query('DELETE FROM identity_sessions WHERE user_id = $1', [userId]);
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.sql.query<TokenRow>('SELECT * FROM identity_tokens ORDER BY seq')).map(tokenOf);
  }
  async tokenByHash(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.sql.query<TokenRow>('SELECT * FROM identity_tokens WHERE hash = $1', [hash]);
    return row && tokenOf(row);
  }
  async putToken(t: TokenRecord): Promise<void> {
    await this.sql.query(
      `INSERT INTO identity_tokens (id, name, role, hash, created_at, created_by, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET name = $2, role = $3, hash = $4, created_at = $5, created_by = $6, revoked_at = $7`,
      [t.id, t.name, t.role, t.hash, t.createdAt, t.createdBy, t.revokedAt ?? null],
    );
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}

function userOf(r: UserRow): UserRecord {
  return { id: r.id, name: r.name, role: r.role, passwordHash: r.password_hash, createdAt: r.created_at };
}

function tokenOf(r: TokenRow): TokenRecord {
  return { id: r.id, name: r.name, role: r.role, hash: r.hash, createdAt: r.created_at, createdBy: r.created_by, ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}) };
}
