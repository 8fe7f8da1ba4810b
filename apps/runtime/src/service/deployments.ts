import { randomBytes } from 'node:crypto';
import {
  CURRENT_SCHEMA_VERSION,
  PipelineDocument,
  ShowflowError,
  documentHash,
  migrateDocument,
  problem,
  validateDocument,
  type Problem,
} from '@showflow/shared';
import type { NodeCatalog } from '@showflow/nodes/sdk';
import type { PipelinePlacement } from '../cluster/pipeline-placement.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../log.ts';
import type { PipelineRecord, PipelineStore, VersionRecord } from '../store/store.ts';
import { diffDocuments, type VersionDiff } from './diff.ts';
import { withoutAudienceOutputs } from './air.ts';

export interface PipelineSummary {
  id: string;
  name: string;
  updatedAt: string;
  activeVersion: number | null;
  nodeCount: number;
}

export interface VersionSummary {
  version: number;
  hash: string;
  createdAt: string;
  note: string;
  active: boolean;
  summary: VersionDiff;
}

/** Which instance runs each pipeline, when several share the store (cluster/pipeline-placement.ts). */
export type Placement = Pick<PipelinePlacement, 'claim' | 'changed' | 'release' | 'holds' | 'running'>;

/**
 * Pipelines, drafts and versions: validates what comes in, stores immutable numbered
 * versions and tells the engine which one runs. Changes to one pipeline are applied one
 * at a time so version numbers never race.
 *
 * With a placement, the engine here runs only the pipelines this instance holds the lease
 * of; a change made here to a pipeline another instance runs is stored and announced, and
 * that instance runs the new active version (`runActive`).
 */
export class Deployments {
  private readonly locks = new Map<string, Promise<unknown>>();
  /**
   * Pipelines the producer took off air: they run without their audience outputs until put
   * back on air (show-control.ts). Mirrors the records' `offAir`: it is written to the store
   * with each change and read back when a pipeline is restored or run here, so a restart (or
   * another instance taking the pipeline over) never puts a show back on air by itself.
   */
  readonly offAir = new Set<string>();

  constructor(
    private readonly store: PipelineStore,
    private readonly catalog: NodeCatalog,
    private readonly engine: Engine,
    private readonly log: Logger,
    private readonly placement?: Placement,
  ) {}

  async list(): Promise<PipelineSummary[]> {
    return (await this.store.listPipelines()).map((p) => ({
      id: p.id,
      name: p.name,
      updatedAt: p.updatedAt,
      activeVersion: p.activeVersion,
      nodeCount: p.draft.nodes.length,
    }));
  }

  async get(id: string): Promise<{ document: PipelineDocument; activeVersion: number | null; draftHash: string }> {
    const record = await this.require(id);
    return { document: record.draft, activeVersion: record.activeVersion, draftHash: record.draftHash };
  }

  create(input: { name: string; id?: string }): Promise<{ id: string }> {
    const id = input.id ?? slug(input.name);
    return this.exclusive(id, async () => {
      if (await this.store.getPipeline(id)) throw new ShowflowError('SF303', `a pipeline with id "${id}" already exists`, [problem('SF303', 'id is taken', ['id'])]);
      const draft: PipelineDocument = { schemaVersion: CURRENT_SCHEMA_VERSION, id, name: input.name, nodes: [], edges: [] };
      const at = new Date().toISOString();
      await this.store.putPipeline({ id, name: input.name, createdAt: at, updatedAt: at, draft, draftHash: documentHash(draft), activeVersion: null, activations: [] });
      return { id };
    });
  }

  /** Saves a draft even with graph problems, as long as it is a pipeline document at all. */
  async save(input: unknown): Promise<{ id: string; hash: string; problems: Problem[] }> {
    const document = parseDocument(input);
    return this.exclusive(document.id, async () => {
      const check = validateDocument(document, this.catalog);
      const hash = documentHash(document);
      const existing = await this.store.getPipeline(document.id);
      const at = new Date().toISOString();
      await this.store.putPipeline({
        id: document.id,
        name: document.name,
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
        draft: document,
        draftHash: hash,
        activeVersion: existing?.activeVersion ?? null,
        activations: existing?.activations ?? [],
        ...airOf(existing),
      });
      return { id: document.id, hash, problems: check.ok ? [] : check.problems };
    });
  }

  validate(input: unknown): { ok: boolean; problems: Problem[] } {
    const check = validateDocument(input, this.catalog);
    return check.ok ? { ok: true, problems: [] } : { ok: false, problems: check.problems };
  }

  delete(id: string): Promise<{ ok: true }> {
    return this.exclusive(id, async () => {
      await this.require(id);
      await this.engine.stop(id);
      // A pipeline created later under the same id starts on air.
      this.offAir.delete(id);
      await this.store.deletePipeline(id);
      await this.placement?.release(id);
      await this.placement?.changed(id);
      return { ok: true as const };
    });
  }

  /**
   * Validates (refusing with every problem), stores a new numbered version and hot-swaps
   * it in. Deploying what already runs returns the running version instead of a duplicate.
   */
  async deploy(id: string, options: { document?: unknown; note?: string } = {}): Promise<{ version: number; hash: string }> {
    const result = await this.exclusive(id, async () => {
      const existing = await this.store.getPipeline(id);
      const input = options.document ?? existing?.draft;
      if (input === undefined) throw new ShowflowError('SF301', `no pipeline "${id}"`);
      const check = validateDocument(input, this.catalog);
      if (!check.ok) throw invalid(check.problems);
      const document = check.document;
      if (document.id !== id) throw invalid([problem('SF303', `document id "${document.id}" does not match pipeline "${id}"`, ['id'])]);
      const hash = documentHash(document);
      // Only the active and the newest version are read: deploy cost does not grow with history.
      const active = existing?.activeVersion != null ? await this.store.getVersion(id, existing.activeVersion) : undefined;
      if (active && active.hash === hash) return { version: active.version, hash };

      const latest = await this.store.latestVersion(id);
      const previous = latest && latest.version === active?.version ? active : latest && (await this.store.getVersion(id, latest.version));
      const at = new Date().toISOString();
      const { version } = await this.store.appendVersion({
        pipelineId: id,
        hash,
        createdAt: at,
        note: options.note ?? '',
        changes: diffDocuments(previous?.document, document),
        document,
      });
      await this.runHere(document, version);
      await this.store.putPipeline({
        id,
        name: document.name,
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
        draft: options.document !== undefined || !existing ? document : existing.draft,
        draftHash: options.document !== undefined || !existing ? hash : existing.draftHash,
        activeVersion: version,
        activations: [...(existing?.activations ?? []), { version, at, reason: 'deploy' }],
        ...airOf(existing),
      });
      await this.placement?.changed(id);
      return { version, hash };
    });
    await this.runningSomewhere(id, result.version);
    return result;
  }

  async versions(pipelineId: string): Promise<VersionSummary[]> {
    const record = await this.require(pipelineId);
    // From the store's entries: a list never reads the versions' documents.
    const versions = await this.store.listVersions(pipelineId);
    return versions
      .map((v) => ({
        version: v.version,
        hash: v.hash,
        createdAt: v.createdAt,
        note: v.note,
        active: v.version === record.activeVersion,
        summary: v.changes,
      }))
      .reverse();
  }

  async version(pipelineId: string, version: number): Promise<Pick<VersionRecord, 'version' | 'hash' | 'createdAt' | 'document'>> {
    const v = await this.store.getVersion(pipelineId, version);
    if (!v) throw new ShowflowError('SF302', `pipeline "${pipelineId}" has no version ${version}`);
    return { version: v.version, hash: v.hash, createdAt: v.createdAt, document: v.document };
  }

  /** Runs an older version again. The version itself is untouched; the activation is recorded. */
  async rollback(pipelineId: string, version: number): Promise<{ activeVersion: number }> {
    const result = await this.exclusive(pipelineId, async () => {
      const record = await this.require(pipelineId);
      const v = await this.store.getVersion(pipelineId, version);
      if (!v) throw new ShowflowError('SF302', `pipeline "${pipelineId}" has no version ${version}`);
      await this.runHere(v.document, v.version);
      const at = new Date().toISOString();
      await this.store.putPipeline({ ...record, updatedAt: at, activeVersion: version, activations: [...record.activations, { version, at, reason: 'rollback' }] });
      await this.placement?.changed(pipelineId);
      return { activeVersion: version };
    });
    await this.runningSomewhere(pipelineId, result.activeVersion);
    return result;
  }

  /** After a restart: every pipeline runs its active version again. One failing does not stop the others. */
  async restore(): Promise<void> {
    for (const record of await this.store.listPipelines()) {
      if (record.activeVersion === null) continue;
      const v = await this.store.getVersion(record.id, record.activeVersion);
      if (!v) {
        this.log.error(`pipeline ${record.id}: active version ${record.activeVersion} is missing from the store`);
        continue;
      }
      this.remember(record);
      try {
        await this.engine.deploy(this.asAired(v.document), v.version);
      } catch (err) {
        this.log.error(`pipeline ${record.id} v${v.version} could not be restored: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Brings this instance in line with the store for one pipeline it holds: runs the active
   * version (if not already), or stops it when it has none or was deleted. Serialised with
   * this instance's own changes to the pipeline.
   */
  runActive(pipelineId: string): Promise<void> {
    return this.exclusive(pipelineId, async () => {
      if (this.placement && !this.placement.holds(pipelineId)) return;
      const record = await this.store.getPipeline(pipelineId);
      if (!record || record.activeVersion === null) {
        await this.engine.stop(pipelineId);
        await this.placement?.release(pipelineId);
        return;
      }
      const wasOffAir = this.offAir.has(pipelineId);
      this.remember(record);
      const state = this.engine.state(pipelineId);
      if (state.state !== 'stopped' && state.version === record.activeVersion && wasOffAir === this.offAir.has(pipelineId)) return;
      const v = await this.store.getVersion(pipelineId, record.activeVersion);
      if (!v) throw new ShowflowError('SF302', `pipeline "${pipelineId}": active version ${record.activeVersion} is missing from the store`);
      await this.engine.deploy(this.asAired(v.document), v.version);
    });
  }

  /** Pipelines that should run somewhere, with their active version. */
  async deployed(): Promise<Map<string, number>> {
    const active = new Map<string, number>();
    for (const p of await this.store.listPipelines()) if (p.activeVersion !== null) active.set(p.id, p.activeVersion);
    return active;
  }

  /**
   * A change run by another instance (or left to the least loaded one, decision 0089) answers
   * once that instance reports the version running, as a change run here answers once it runs.
   * Waited outside the pipeline's lock: this instance's own placement may be the one to take it.
   */
  private async runningSomewhere(pipelineId: string, version: number): Promise<void> {
    if (this.placement && !this.placement.holds(pipelineId)) await this.placement.running(pipelineId, version);
  }

  /** Starts a version here when this instance runs the pipeline (always, without a placement). */
  private async runHere(document: PipelineDocument, version: number): Promise<void> {
    if (this.placement && !(await this.placement.claim(document.id))) return;
    await this.engine.deploy(this.asAired(document), version);
    // The lease may have been lost while the version was starting: never run without it.
    if (this.placement && !this.placement.holds(document.id)) await this.engine.stop(document.id);
  }

  /**
   * Stops the pipeline and records it stopped: it stays stopped (also across restarts and on
   * other instances) until it is started or deployed again.
   */
  stop(id: string): Promise<{ stoppedVersion: number | null }> {
    return this.exclusive(id, async () => {
      const record = await this.require(id);
      await this.engine.stop(id);
      this.offAir.delete(id);
      if (record.activeVersion === null) return { stoppedVersion: null };
      const at = new Date().toISOString();
      await this.store.putPipeline({ ...onAir(record), updatedAt: at, activeVersion: null, activations: [...record.activations, { version: record.activeVersion, at, reason: 'stop' }] });
      await this.placement?.changed(id);
      return { stoppedVersion: record.activeVersion };
    });
  }

  /** Runs the version that ran last before a stop again (or keeps the active one), on air. */
  async start(id: string): Promise<{ activeVersion: number }> {
    const result = await this.exclusive(id, async () => {
      const record = await this.require(id);
      const version = record.activeVersion ?? record.activations.at(-1)?.version ?? (await this.store.latestVersion(id))?.version;
      if (version === undefined) throw new ShowflowError('SF304', `pipeline "${id}" has never been deployed: deploy it first`);
      const v = await this.store.getVersion(id, version);
      if (!v) throw new ShowflowError('SF302', `pipeline "${id}" has no version ${version}`);
      this.offAir.delete(id);
      await this.runHere(v.document, v.version);
      const at = new Date().toISOString();
      await this.store.putPipeline({ ...onAir(record), updatedAt: at, activeVersion: version, activations: [...record.activations, { version, at, reason: 'start' }] });
      await this.placement?.changed(id);
      return { activeVersion: version };
    });
    await this.runningSomewhere(id, result.activeVersion);
    return result;
  }

  /**
   * Runs `work` (a change of the pipeline's air state) serialised with every other change
   * of the pipeline, then re-runs its active version as that state says.
   */
  reair(id: string, work: (active: VersionRecord) => void): Promise<{ version: number }> {
    return this.exclusive(id, async () => {
      const record = await this.require(id);
      const state = this.engine.state(id);
      if (record.activeVersion === null || state.state !== 'running') {
        throw new ShowflowError('SF656', `pipeline "${id}" is not running (${state.state}): deploy or start it first`);
      }
      const active = await this.store.getVersion(id, record.activeVersion);
      if (!active) throw new ShowflowError('SF302', `pipeline "${id}" has no version ${record.activeVersion}`);
      work(active);
      // The producer's choice is kept before the version re-runs: a restart honours it even if this run fails.
      const held = this.offAir.has(id);
      if (held !== (record.offAir === true)) await this.store.putPipeline(held ? { ...record, offAir: true } : onAir(record));
      await this.runHere(active.document, active.version);
      return { version: active.version };
    });
  }

  /** A version deployed while off air stays off air until the producer puts it on. */
  private asAired(document: PipelineDocument): PipelineDocument {
    return this.offAir.has(document.id) ? withoutAudienceOutputs(document) : document;
  }

  /** Takes the stored air state of a pipeline this instance is about to run. */
  private remember(record: PipelineRecord): void {
    if (record.offAir) this.offAir.add(record.id);
    else this.offAir.delete(record.id);
  }

  private async require(id: string): Promise<PipelineRecord> {
    const record = await this.store.getPipeline(id);
    if (!record) throw new ShowflowError('SF301', `no pipeline "${id}"`);
    return record;
  }

  private exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(id, next);
    void next.finally(() => {
      if (this.locks.get(id) === next) this.locks.delete(id);
    }).catch(() => undefined);
    return next;
  }
}

/** Migrates and parses; anything that is not a pipeline document is refused with every issue. */
export function parseDocument(input: unknown): PipelineDocument {
  const migrated = migrateDocument(input);
  if (!migrated.ok) throw invalid(migrated.problems);
  const parsed = PipelineDocument.safeParse(migrated.document);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => problem('SF101', i.message, i.path as (string | number)[])));
  }
  return parsed.data;
}

/** The air state a rewritten record keeps: written only when off air, so on-air records stay as they were. */
function airOf(record: PipelineRecord | undefined): Pick<PipelineRecord, 'offAir'> {
  return record?.offAir ? { offAir: true } : {};
}

function onAir(record: PipelineRecord): PipelineRecord {
  const { offAir: _held, ...rest } = record;
  return rest;
}

function invalid(problems: Problem[]): ShowflowError {
  const summary = problems.length === 1 ? problems[0].message : `${problems.length} problems`;
  return new ShowflowError(problems[0]?.code ?? 'SF101', `the document is invalid: ${summary}`, problems);
}

function slug(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'pipeline';
  return `${base}-${randomBytes(3).toString('hex')}`;
}
