import { PGlite } from '@electric-sql/pglite';
import { Lanes } from './lanes.ts';
import type { Sql, SqlRunner } from './types.ts';

/**
 * Embedded PostgreSQL (WASM). `dataDir` keeps data in a folder; without it the database
 * lives in memory, which is what tests use.
 */
export async function createPgliteSql(options: { dataDir?: string } = {}): Promise<Sql> {
  const db = await PGlite.create(options.dataDir);
  // PGlite has one connection: every statement, in or out of a transaction, takes the
  // single slot so the settle lane can overtake queued work.
  const lanes = new Lanes(1);
  const runner = (target: Pick<PGlite, 'query' | 'exec'>): SqlRunner => ({
    async query<Row>(text: string, params: unknown[] = []) {
      return (await target.query<Row>(text, params)).rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
  });
  const direct = runner(db);
  return {
    backend: 'pglite',
    query: (text, params) => lanes.run('normal', () => direct.query(text, params)),
    exec: (script) => lanes.run('normal', () => direct.exec(script)),
    transaction: (fn, opts) => lanes.run(opts?.lane ?? 'normal', () => db.transaction((tx) => fn(runner(tx)))),
    close: () => db.close(),
  };
}
