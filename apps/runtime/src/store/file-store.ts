import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ElementId } from '@showflow/shared';
import { InvalidPipelineIdError, type NewVersion, type PipelineRecord, type PipelineStore, type VersionEntry, type VersionRecord } from './store.ts';
import { readJson, writeAtomic, writeOnce } from './atomic-files.ts';
import { makePrivate } from './private-files.ts';
import { SerialByKey } from './serial.ts';
import { entryOf, VersionIndex, versionFileName } from './version-index.ts';

export { writeAtomic } from './atomic-files.ts';

/**
 * The embedded store: JSON files under the data folder, no server needed.
 *
 *   <dataDir>/pipelines/<id>/pipeline.json          draft and activation record
 *   <dataDir>/pipelines/<id>/versions/000001.json   one file per immutable version
 *   <dataDir>/pipelines/<id>/versions/index.jsonl   one line per version, for lists and deploys
 *
 * Every write goes to a temporary file that is flushed and then renamed into place, so a
 * crash leaves either the old or the new file, never half of one. Versions are linked into
 * place instead, which fails if the number exists: a version is never overwritten. A
 * version file that a crash left out of the index is indexed when its number comes up again.
 *
 * One runtime per data folder: numbers are allocated in this process (several runtimes
 * sharing versions use the PostgreSQL store).
 */
export class FileStore implements PipelineStore {
  private readonly indexes = new Map<string, VersionIndex>();
  private readonly serial = new SerialByKey();

  private constructor(private readonly root: string) {}

  static async open(dataDir: string): Promise<FileStore> {
    // The whole data folder, not just pipelines/: it is this store that owns its layout.
    makePrivate(dataDir);
    const root = path.join(dataDir, 'pipelines');
    await fs.mkdir(root, { recursive: true, mode: 0o700 });
    return new FileStore(root);
  }

  async listPipelines(): Promise<PipelineRecord[]> {
    const entries = await fs.readdir(this.root, { withFileTypes: true });
    const records: PipelineRecord[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || !ElementId.safeParse(e.name).success) continue;
      const record = await this.getPipeline(e.name);
      if (record) records.push(record);
    }
    return records.sort((a, b) => a.id.localeCompare(b.id));
  }

  async getPipeline(id: string): Promise<PipelineRecord | undefined> {
    return readJson<PipelineRecord>(path.join(this.dir(id), 'pipeline.json'));
  }

  async putPipeline(record: PipelineRecord): Promise<void> {
    // Serialised before any folder is made: a record that cannot be written leaves nothing behind.
    const text = JSON.stringify(record, null, 2);
    await fs.mkdir(path.join(this.dir(record.id), 'versions'), { recursive: true, mode: 0o700 });
    await writeAtomic(path.join(this.dir(record.id), 'pipeline.json'), text);
  }

  async deletePipeline(id: string): Promise<void> {
    const dir = this.dir(id);
    return this.serial.run(id, async () => {
      this.indexes.delete(id);
      // Renamed away first so a half-finished delete never looks like a live pipeline.
      const trash = path.join(this.root, `.deleted-${id}-${randomBytes(4).toString('hex')}`);
      try {
        await fs.rename(dir, trash);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      await fs.rm(trash, { recursive: true, force: true });
    });
  }

  async listVersions(pipelineId: string): Promise<VersionEntry[]> {
    const index = this.index(pipelineId);
    return this.serial.run(pipelineId, async () => [...(await index.read())]);
  }

  async latestVersion(pipelineId: string): Promise<VersionEntry | undefined> {
    const index = this.index(pipelineId);
    return this.serial.run(pipelineId, async () => (await index.read()).at(-1));
  }

  async getVersion(pipelineId: string, version: number): Promise<VersionRecord | undefined> {
    if (!Number.isInteger(version) || version < 1 || version > 999_999) return undefined;
    const record = await readJson<VersionRecord>(this.versionFile(pipelineId, version));
    if (!record || record.changes) return record;
    // Written before versions carried their changes: the index has them.
    const entry = (await this.listVersions(pipelineId)).find((e) => e.version === version);
    return { ...record, changes: entry?.changes ?? { added: [], removed: [], changed: [] } };
  }

  async appendVersion(version: NewVersion): Promise<VersionRecord> {
    const index = this.index(version.pipelineId);
    return this.serial.run(version.pipelineId, async () => {
      await fs.mkdir(path.join(this.dir(version.pipelineId), 'versions'), { recursive: true, mode: 0o700 });
      let number = ((await index.read()).at(-1)?.version ?? 0) + 1;
      for (;;) {
        const record: VersionRecord = { ...version, version: number };
        if (await writeOnce(this.versionFile(version.pipelineId, number), JSON.stringify(record, null, 2))) {
          await index.append(entryOf(record));
          return record;
        }
        // The number is taken by a file the index misses (a crash between the two writes): index it and move on.
        const orphan = await readJson<VersionRecord>(this.versionFile(version.pipelineId, number));
        if (orphan) await index.append(entryOf({ ...orphan, changes: orphan.changes ?? { added: [], removed: [], changed: [] } }));
        number++;
      }
    });
  }

  async close(): Promise<void> {}

  private index(pipelineId: string): VersionIndex {
    let index = this.indexes.get(pipelineId);
    if (!index) {
      index = new VersionIndex(pipelineId, path.join(this.dir(pipelineId), 'versions'));
      this.indexes.set(pipelineId, index);
    }
    return index;
  }

  private dir(id: string): string {
    // Ids are checked where they enter; checked again here because they become paths.
    if (!ElementId.safeParse(id).success) throw new InvalidPipelineIdError(id);
    return path.join(this.root, id);
  }

  private versionFile(pipelineId: string, version: number): string {
    return path.join(this.dir(pipelineId), 'versions', versionFileName(version));
  }
}
