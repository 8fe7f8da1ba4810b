import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ElementId } from '@showflow/shared';
import { VersionExistsError, type PipelineRecord, type PipelineStore, type VersionRecord } from './store.ts';
import { makePrivate } from './private-files.ts';

/**
 * The embedded store: JSON files under the data folder, no server needed.
 *
 *   <dataDir>/pipelines/<id>/pipeline.json         draft and activation record
 *   <dataDir>/pipelines/<id>/versions/000001.json  one file per immutable version
 *
 * Every write goes to a temporary file that is flushed and then renamed into place, so a
 * crash leaves either the old or the new file, never half of one. Versions are linked into
 * place instead, which fails if the number exists: a version is never overwritten.
 */
export class FileStore implements PipelineStore {
  private constructor(private readonly root: string) {}

  static async open(dataDir: string): Promise<FileStore> {
    // The whole data folder, not just pipelines/: it is this store that owns its layout.
    await makePrivate(dataDir);
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
    // Renamed away first so a half-finished delete never looks like a live pipeline.
    const dir = this.dir(id);
    const trash = path.join(this.root, `.deleted-${id}-${randomBytes(4).toString('hex')}`);
    try {
      await fs.rename(dir, trash);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await fs.rm(trash, { recursive: true, force: true });
  }

  async listVersions(pipelineId: string): Promise<VersionRecord[]> {
    let names: string[];
    try {
      names = await fs.readdir(path.join(this.dir(pipelineId), 'versions'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const numbers = names.flatMap((n) => (/^\d{6}\.json$/.test(n) ? [Number(n.slice(0, 6))] : [])).sort((a, b) => a - b);
    const out: VersionRecord[] = [];
    for (const v of numbers) {
      const record = await this.getVersion(pipelineId, v);
      if (record) out.push(record);
    }
    return out;
  }

  getVersion(pipelineId: string, version: number): Promise<VersionRecord | undefined> {
    return readJson<VersionRecord>(this.versionFile(pipelineId, version));
  }

  async addVersion(record: VersionRecord): Promise<void> {
    const target = this.versionFile(record.pipelineId, record.version);
    const text = JSON.stringify(record, null, 2);
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const tmp = await writeTemp(target, text);
    try {
      await fs.link(tmp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new VersionExistsError(record.pipelineId, record.version);
      throw err;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async close(): Promise<void> {}

  private dir(id: string): string {
    // Ids are checked where they enter; checked again here because they become paths.
    if (!ElementId.safeParse(id).success) throw new Error(`invalid pipeline id ${JSON.stringify(id)}`);
    return path.join(this.root, id);
  }

  private versionFile(pipelineId: string, version: number): string {
    return path.join(this.dir(pipelineId), 'versions', `${String(version).padStart(6, '0')}.json`);
  }
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeTemp(target: string, text: string): Promise<string> {
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return tmp;
}

/** Temp file + rename: readers see the old file or the new one, never a torn write. */
export async function writeAtomic(target: string, text: string): Promise<void> {
  const tmp = await writeTemp(target, text);
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
