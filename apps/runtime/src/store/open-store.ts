import { FileStore } from './file-store.ts';
import { PostgresStore } from './postgres/postgres-store.ts';
import type { PipelineStore } from './store.ts';

export interface PipelineStoreConfig {
  /** Where the embedded store keeps its files. */
  dataDir: string;
  /** DATABASE_URL: pipelines on PostgreSQL, shared by every runtime on that database. */
  databaseUrl?: string;
}

/** PostgreSQL when a database URL is configured, the embedded file store otherwise. */
export function openPipelineStore(config: PipelineStoreConfig): Promise<PipelineStore> {
  if (config.databaseUrl) return PostgresStore.open({ connectionString: config.databaseUrl });
  return FileStore.open(config.dataDir);
}
