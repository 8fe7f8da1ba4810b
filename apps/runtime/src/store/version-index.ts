import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PipelineDocument } from '@showflow/shared';
import { diffDocuments } from '../service/diff.ts';
import type { VersionEntry, VersionRecord } from './store.ts';
import { writeAtomic } from './atomic-files.ts';

export const INDEX_FILE = 'index.jsonl';
const VERSION_FILE = /^(\d{6})\.json$/;

/**
 * `versions/index.jsonl` of one pipeline: one line per version with everything a list
 * shows but the document, appended once the version's own file is in place. Deploys and
 * lists read this instead of every version, so their cost does not grow with history.
 *
 * Held in memory and brought up to date from the bytes appended since the last read; only
 * complete lines count, so a half-written line (a crash mid-append) is never read and the
 * next append starts on a fresh line. A folder written before the index existed gets one
 * built from its version files the first time it is read. The owner serialises calls per
 * pipeline (see FileStore).
 */
export class VersionIndex {
  private entries: VersionEntry[] = [];
  /** Bytes of the file already parsed: always just after a newline. */
  private parsed = 0;
  private inode = -1;
  /** The file ends with a newline (false after a torn append). */
  private endsClean = true;

  constructor(
    private readonly pipelineId: string,
    private readonly versionsDir: string,
  ) {}

  private get file(): string {
    return path.join(this.versionsDir, INDEX_FILE);
  }

  /** Every entry, oldest first, as the file holds them now. */
  async read(): Promise<readonly VersionEntry[]> {
    let stat: import('node:fs').Stats;
    try {
      stat = await fs.stat(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.reset();
      if (await this.rebuild()) return this.read();
      return this.entries;
    }
    if (stat.ino !== this.inode || stat.size < this.parsed) {
      this.reset();
      this.inode = stat.ino;
    }
    if (stat.size > this.parsed) await this.readTail(stat.size);
    return this.entries;
  }

  /** Adds an entry for a version whose file is in place. */
  async append(entry: VersionEntry): Promise<void> {
    await this.read();
    const line = `${this.endsClean ? '' : '\n'}${JSON.stringify(entry)}\n`;
    const handle = await fs.open(this.file, 'a', 0o600);
    try {
      await handle.write(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Picks the line up the same way another reader would, keeping `parsed` exact.
    await this.read();
  }

  private reset(): void {
    this.entries = [];
    this.parsed = 0;
    this.inode = -1;
    this.endsClean = true;
  }

  private async readTail(size: number): Promise<void> {
    const handle = await fs.open(this.file, 'r');
    let text: string;
    try {
      const buffer = Buffer.alloc(size - this.parsed);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.parsed);
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
    const complete = text.lastIndexOf('\n') + 1;
    this.endsClean = complete === text.length;
    for (const line of text.slice(0, complete).split('\n')) {
      const entry = parseEntry(line, this.pipelineId);
      if (entry) this.insert(entry);
    }
    this.parsed += Buffer.byteLength(text.slice(0, complete));
  }

  /** Keeps entries sorted and one per number (an orphan may be indexed twice). */
  private insert(entry: VersionEntry): void {
    const last = this.entries.at(-1);
    if (!last || last.version < entry.version) {
      this.entries.push(entry);
      return;
    }
    if (this.entries.some((e) => e.version === entry.version)) return;
    this.entries.push(entry);
    this.entries.sort((a, b) => a.version - b.version);
  }

  /** Builds the index of a folder written before it existed; false when there are no versions. */
  private async rebuild(): Promise<boolean> {
    let names: string[];
    try {
      names = await fs.readdir(this.versionsDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    const numbers = names.flatMap((n) => (VERSION_FILE.test(n) ? [Number(n.slice(0, 6))] : [])).sort((a, b) => a - b);
    if (numbers.length === 0) return false;
    const lines: string[] = [];
    let previous: PipelineDocument | undefined;
    for (const version of numbers) {
      const record = JSON.parse(await fs.readFile(path.join(this.versionsDir, versionFileName(version)), 'utf8')) as VersionRecord;
      lines.push(JSON.stringify(entryOf({ ...record, changes: record.changes ?? diffDocuments(previous, record.document) })));
      previous = record.document;
    }
    await writeAtomic(this.file, lines.map((l) => `${l}\n`).join(''));
    return true;
  }
}

export function versionFileName(version: number): string {
  return `${String(version).padStart(6, '0')}.json`;
}

export function entryOf(record: VersionEntry): VersionEntry {
  return {
    pipelineId: record.pipelineId,
    version: record.version,
    hash: record.hash,
    createdAt: record.createdAt,
    note: record.note,
    changes: record.changes,
  };
}

function parseEntry(line: string, pipelineId: string): VersionEntry | undefined {
  if (!line.trim()) return undefined;
  try {
    const entry = JSON.parse(line) as VersionEntry;
    return entry.pipelineId === pipelineId && Number.isInteger(entry.version) && entry.version > 0 ? entry : undefined;
  } catch {
    // What a crash mid-append leaves behind, once another line was appended after it.
    return undefined;
  }
}
