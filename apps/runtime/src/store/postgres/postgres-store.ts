import { randomBytes } from 'node:crypto';
import { ElementId } from '@showflow/shared';
import { createPgSql, type Sql } from '@showflow/commerce';
import { InvalidPipelineIdError, type NewVersion, type PipelineRecord, type PipelineStore, type VersionEntry, type VersionRecord } from '../store.ts';
import { connectionFailure } from './connection-failure.ts';
import { migratePipelines } from './migrate.ts';

export interface PostgresStoreOptions {
  /** DATABASE_URL: the same database the orders service uses. */
  connectionString: string;
  /** Tables in this schema (created if missing); default the connection's `public`. */
  schema?: string;
  /** Drops `schema` on close: a throwaway store for tests and benchmarks. */
  dropSchemaOnClose?: boolean;
  /** Pool size; default 5. */
  max?: number;
}

interface PipelineRow {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  draft: PipelineRecord['draft'];
  draft_hash: string;
  active_version: number | null;
  activations: PipelineRecord['activations'];
  off_air: boolean;
}

interface VersionRow {
  pipeline_id: string;
  version: number;
  hash: string;
  created_at: string;
  note: string;
  changes: VersionEntry['changes'];
  document?: VersionRecord['document'];
}

const ENTRY_COLUMNS = 'pipeline_id, version, hash, created_at, note, changes';

/**
 * Pipelines and versions on PostgreSQL (DATABASE_URL): several runtimes share them. Version
 * numbers come from a per-pipeline counter row taken in the same transaction as the insert,
 * so two runtimes deploying at once get different numbers and a failed insert leaves no gap.
 * Every lookup is by primary key: deploy cost does not depend on how many versions exist.
 */
export class PostgresStore implements PipelineStore {
  private constructor(
    private readonly sql: Sql,
    private readonly onClose: () => Promise<void>,
  ) {}

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    let sql: Sql | undefined;
    try {
      sql = await createPgSql({ connectionString: options.connectionString, schema: options.schema, max: options.max ?? 5 });
      await migratePipelines(sql);
    } catch (err) {
      await sql?.close().catch(() => {});
      throw connectionFailure(err, options.connectionString);
    }
    const opened = sql;
    const onClose = async () => {
      if (options.dropSchemaOnClose && options.schema) await opened.exec(`DROP SCHEMA IF EXISTS ${options.schema} CASCADE`);
      await opened.close();
    };
    return new PostgresStore(opened, onClose);
  }

  /** A store in a fresh `pipelines_test_<random>` schema, dropped on close. */
  static openIsolated(connectionString: string): Promise<PostgresStore> {
    return PostgresStore.open({ connectionString, schema: `pipelines_test_${randomBytes(6).toString('hex')}`, dropSchemaOnClose: true });
  }

  async listPipelines(): Promise<PipelineRecord[]> {
    const rows = await this.sql.query<PipelineRow>('SELECT * FROM pipelines ORDER BY id');
    return rows.map(pipelineOf);
  }

  async getPipeline(id: string): Promise<PipelineRecord | undefined> {
    const [row] = await this.sql.query<PipelineRow>('SELECT * FROM pipelines WHERE id = $1', [checkId(id)]);
    return row && pipelineOf(row);
  }

  async putPipeline(r: PipelineRecord): Promise<void> {
    await this.sql.query(
      `INSERT INTO pipelines (id, name, created_at, updated_at, draft, draft_hash, active_version, activations, off_air)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET name = $2, created_at = $3, updated_at = $4, draft = $5, draft_hash = $6, active_version = $7, activations = $8, off_air = $9`,
      [checkId(r.id), r.name, r.createdAt, r.updatedAt, JSON.stringify(r.draft), r.draftHash, r.activeVersion, JSON.stringify(r.activations), r.offAir === true],
    );
  }

  async deletePipeline(id: string): Promise<void> {
    checkId(id);
    await this.sql.transaction(async (tx) => {
      await tx.query('DELETE FROM pipeline_versions WHERE pipeline_id = $1', [id]);
      await tx.query('DELETE FROM pipeline_version_counters WHERE pipeline_id = $1', [id]);
      await tx.query('DELETE FROM pipelines WHERE id = $1', [id]);
    });
  }

  async listVersions(pipelineId: string): Promise<VersionEntry[]> {
    const rows = await this.sql.query<VersionRow>(`SELECT ${ENTRY_COLUMNS} FROM pipeline_versions WHERE pipeline_id = $1 ORDER BY version`, [checkId(pipelineId)]);
    return rows.map(entryOf);
  }

  async latestVersion(pipelineId: string): Promise<VersionEntry | undefined> {
    const [row] = await this.sql.query<VersionRow>(
      `SELECT ${ENTRY_COLUMNS} FROM pipeline_versions WHERE pipeline_id = $1 ORDER BY version DESC LIMIT 1`,
      [checkId(pipelineId)],
    );
    return row && entryOf(row);
  }

  async getVersion(pipelineId: string, version: number): Promise<VersionRecord | undefined> {
    if (!Number.isInteger(version) || version < 1 || version > 2_147_483_647) return undefined;
    const [row] = await this.sql.query<VersionRow>(`SELECT ${ENTRY_COLUMNS}, document FROM pipeline_versions WHERE pipeline_id = $1 AND version = $2`, [
      checkId(pipelineId),
      version,
    ]);
    return row && { ...entryOf(row), document: row.document! };
  }

  async appendVersion(v: NewVersion): Promise<VersionRecord> {
    checkId(v.pipelineId);
    const version = await this.sql.transaction(async (tx) => {
      const [{ last_version }] = await tx.query<{ last_version: number }>(
        `INSERT INTO pipeline_version_counters (pipeline_id, last_version) VALUES ($1, 1)
         ON CONFLICT (pipeline_id) DO UPDATE SET last_version = pipeline_version_counters.last_version + 1
         RETURNING last_version`,
        [v.pipelineId],
      );
      await tx.query('INSERT INTO pipeline_versions (pipeline_id, version, hash, created_at, note, changes, document) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        v.pipelineId,
        last_version,
        v.hash,
        v.createdAt,
        v.note,
        JSON.stringify(v.changes),
        JSON.stringify(v.document),
      ]);
      return last_version;
    });
    return { ...v, version };
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

function checkId(id: string): string {
  if (!ElementId.safeParse(id).success) throw new InvalidPipelineIdError(id);
  return id;
}

function pipelineOf(row: PipelineRow): PipelineRecord {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    draft: row.draft,
    draftHash: row.draft_hash,
    activeVersion: row.active_version,
    activations: row.activations,
    // Only an off-air record says so: on-air records read back as they were written.
    ...(row.off_air ? { offAir: true } : {}),
  };
}

function entryOf(row: VersionRow): VersionEntry {
  return { pipelineId: row.pipeline_id, version: row.version, hash: row.hash, createdAt: row.created_at, note: row.note, changes: row.changes };
}
