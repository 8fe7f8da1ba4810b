import { ShowflowError } from '@showflow/shared';
import type { Sql } from '@showflow/commerce';
import { pipelineMigrations, type PipelineMigration } from './migrations.ts';

/**
 * Applies pending migrations in order, each in its own transaction. The version row is
 * claimed first, so runtimes starting together on one database apply each migration once:
 * the others wait on the row and then skip it. A database that has migrations this runtime
 * does not know was written by a newer one, and is refused rather than half understood.
 */
export async function migratePipelines(sql: Sql, migrations: PipelineMigration[] = pipelineMigrations): Promise<number[]> {
  await sql.exec(`CREATE TABLE IF NOT EXISTS pipeline_schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const [{ newest }] = await sql.query<{ newest: number | null }>('SELECT max(version) AS newest FROM pipeline_schema_migrations');
  if (newest !== null && newest > known) {
    throw new ShowflowError('SF331', `the pipeline database is at schema ${newest}; this runtime knows up to ${known} — upgrade the runtime`);
  }
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await sql.transaction(async (tx) => {
      const claimed = await tx.query(
        'INSERT INTO pipeline_schema_migrations (version, name) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING RETURNING version',
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
