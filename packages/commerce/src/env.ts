import type { StoreConfig } from './sql/open.ts';

/** The only place commerce reads the environment. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const dataDir = env.SHOWFLOW_COMMERCE_DIR?.trim() || undefined;
  return { databaseUrl, dataDir };
}
