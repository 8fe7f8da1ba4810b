import type { Sql } from '../sql/types.ts';
import { migrations as allMigrations, type Migration } from './migrations.ts';

/**
 * Applies pending migrations in order, each in its own transaction. The version row is
 * inserted first, so two instances starting together on one PostgreSQL apply each
 * migration once: the second waits on the first's row and then skips it.
 */
export async function migrate(sql: Sql, migrations: Migration[] = allMigrations): Promise<number[]> {
  await sql.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await sql.transaction(async (tx) => {
      const claimed = await tx.query(
        'INSERT INTO schema_migrations (version, name) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING RETURNING version',
        [migration.version, migration.name],
      );
      if (claimed.length === 0) return false;
      await tx.exec(migration.sql);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
