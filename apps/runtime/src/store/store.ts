import type { PipelineDocument } from '@showflow/shared';

export interface Activation {
  version: number;
  at: string;
  /** `deploy` for a new version, `rollback` for an older one (re-activation after a restart is not an activation). */
  reason: 'deploy' | 'rollback';
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
}

/** An immutable deployed version. */
export interface VersionRecord {
  pipelineId: string;
  version: number;
  hash: string;
  createdAt: string;
  note: string;
  document: PipelineDocument;
}

/**
 * Where pipelines and their versions live. The embedded file store is the default; a
 * PostgreSQL store implements the same interface. Versions are write-once: `addVersion`
 * refuses a number that already exists.
 */
export interface PipelineStore {
  listPipelines(): Promise<PipelineRecord[]>;
  getPipeline(id: string): Promise<PipelineRecord | undefined>;
  putPipeline(record: PipelineRecord): Promise<void>;
  deletePipeline(id: string): Promise<void>;
  /** Oldest first. */
  listVersions(pipelineId: string): Promise<VersionRecord[]>;
  getVersion(pipelineId: string, version: number): Promise<VersionRecord | undefined>;
  addVersion(record: VersionRecord): Promise<void>;
  close(): Promise<void>;
}

export class VersionExistsError extends Error {
  constructor(pipelineId: string, version: number) {
    super(`version ${version} of ${pipelineId} already exists`);
    this.name = 'VersionExistsError';
  }
}
