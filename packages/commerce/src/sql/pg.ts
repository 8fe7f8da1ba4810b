import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Lanes } from './lanes.ts';
import type { Sql, SqlRunner } from './types.ts';

export interface PgOptions {
  connectionString: string;
  /** Tables live in this schema (created if missing); default `public`. */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
}

/** PostgreSQL error codes a transaction is safe to run again after. */
const retryable = new Set(['40001', '40P01']);
const maxAttempts = 5;

export async function createPgSql(options: PgOptions): Promise<Sql> {
  const max = options.max ?? 10;
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max,
    // search_path per connection keeps every statement schema-agnostic.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its server emits on the pool; without a listener that kills the process.
  pool.on('error', () => {});
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const lanes = new Lanes(max);
  const runner = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query<Row>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as Row[];
    },
    async exec(script: string) {
      await client.query(script);
    },
  });
  const direct = runner(pool);

  async function transactionOnce<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(runner(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  return {
    backend: 'postgres',
    query: (text, params) => lanes.run('normal', () => direct.query(text, params)),
    exec: (script) => lanes.run('normal', () => direct.exec(script)),
    transaction: (fn, opts) =>
      lanes.run(opts?.lane ?? 'normal', async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await transactionOnce(fn);
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (attempt >= maxAttempts || !code || !retryable.has(code)) throw error;
          }
        }
      }),
    close: () => pool.end(),
  };
}

/**
 * A PostgreSQL store in a fresh `commerce_test_<random>` schema, dropped on close, so test
 * runs and benchmarks sharing one server never see each other's rows. Fails with a clear
 * message when the server is unreachable.
 */
export async function createIsolatedPgSql(connectionString: string, options: { max?: number } = {}): Promise<Sql> {
  const probe = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is unreachable at ${redact(connectionString)} (${(error as Error).message}); ` +
        'start it or set DATABASE_URL — the PostgreSQL suite needs a real server',
    );
  } finally {
    await probe.end().catch(() => {});
  }
  const schema = `commerce_test_${randomBytes(6).toString('hex')}`;
  const sql = await createPgSql({ connectionString, schema, max: options.max });
  return {
    ...sql,
    async close() {
      await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.close();
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
