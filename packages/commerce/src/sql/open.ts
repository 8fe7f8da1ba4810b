import { createPgSql } from './pg.ts';
import { createPgliteSql } from './pglite.ts';
import type { Sql } from './types.ts';

export interface StoreConfig {
  /** PostgreSQL when set. */
  databaseUrl?: string;
  /** PGlite data folder when no database URL; in memory when both are absent. */
  dataDir?: string;
}

/** PostgreSQL when a URL is configured, embedded PGlite otherwise. */
export function openSql(config: StoreConfig): Promise<Sql> {
  if (config.databaseUrl) return createPgSql({ connectionString: config.databaseUrl });
  return createPgliteSql({ dataDir: config.dataDir });
}
