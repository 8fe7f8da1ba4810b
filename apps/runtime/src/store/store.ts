import type { PipelineDocument } from '@showflow/shared';

export interface Activation {
  version: number;
  at: string;
  /**
   * `deploy` for a new version, `rollback` for an older one, `stop` when the producer
   * stopped the pipeline and `start` when they started its last version again
   * (re-activation after a restart is not an activation).
   */
  reason: 'deploy' | 'rollback' | 'stop' | 'start';
}

/** A pipeline's mutable record: its draft and which version runs. */
export interface PipelineRecord {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  draft: PipelineDocument;
  draftHash: string;
  activeVersion: number | null;
  activations: Activation[];
  /**
   * The producer took the pipeline off air: it runs without its audience outputs, also after
   * a restart, until put back on air, stopped or started. Absent in records written before
   * it was kept (read as on air).
   */
  offAir?: boolean;
}

/** Node ids a version added, removed or changed against the version before it. */
export interface VersionChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

/**
 * What a version list shows: everything about a version but its document, so a list of
 * a thousand versions never reads a thousand documents.
 */
export interface VersionEntry {
  pipelineId: string;
  version: number;
  hash: string;
  createdAt: string;
  note: string;
  changes: VersionChanges;
}

/** An immutable deployed version. */
export interface VersionRecord extends VersionEntry {
  document: PipelineDocument;
}

/** A version before the store has given it its number. */
export type NewVersion = Omit<VersionRecord, 'version'>;

/**
 * Where pipelines and their versions live. The embedded file store is the default; the
 * PostgreSQL store implements the same interface. Versions are write-once and numbered by
 * the store: `appendVersion` takes the next number atomically, so two writers (two
 * deploys, two runtimes on one database) never get the same one. Every method costs the
 * same whatever the number of stored versions, except `listVersions`, which is linear in
 * entries but never reads documents.
 */
export interface PipelineStore {
  listPipelines(): Promise<PipelineRecord[]>;
  getPipeline(id: string): Promise<PipelineRecord | undefined>;
  putPipeline(record: PipelineRecord): Promise<void>;
  /** Removes the pipeline with its versions; its numbers start again at 1 if the id is reused. */
  deletePipeline(id: string): Promise<void>;
  /** Oldest first, without documents. */
  listVersions(pipelineId: string): Promise<VersionEntry[]>;
  /** The newest version's entry, or undefined when there is none. */
  latestVersion(pipelineId: string): Promise<VersionEntry | undefined>;
  getVersion(pipelineId: string, version: number): Promise<VersionRecord | undefined>;
  /** Stores a new immutable version under the next free number and returns it with that number. */
  appendVersion(version: NewVersion): Promise<VersionRecord>;
  close(): Promise<void>;
}

/** A pipeline id that cannot name a pipeline (it would become a path or a key). */
export class InvalidPipelineIdError extends Error {
  constructor(id: string) {
    super(`invalid pipeline id ${JSON.stringify(id)}`);
    this.name = 'InvalidPipelineIdError';
  }
}
