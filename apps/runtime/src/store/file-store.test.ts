import { mkdtempSync, readdirSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineDocument } from '@showflow/shared';
import { chainDocument } from '../../test/fixtures/documents.ts';
import { FileStore, writeAtomic } from './file-store.ts';
import { describePipelineStore, newVersion, record } from './store.suite.ts';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'showflow-store-'));
const versionsDir = (dir: string) => path.join(dir, 'pipelines', 'p1', 'versions');

describePipelineStore('files', {
  async open() {
    const dir = tempDir();
    return { store: await FileStore.open(dir), reopen: () => FileStore.open(dir) };
  },
});

describe('FileStore', () => {
  it('writes through a temporary file and leaves none behind', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    for (let i = 0; i < 5; i++) await store.putPipeline(record({ updatedAt: `t${i}` }));
    await store.appendVersion(newVersion());
    const files = readdirSync(path.join(dir, 'pipelines', 'p1'), { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await store.getPipeline('p1'))?.updatedAt).toBe('t4');
  });

  it('replaces a file whole: a reader sees the old or the new content', async () => {
    const file = path.join(tempDir(), 'x.json');
    await writeAtomic(file, JSON.stringify({ n: 0 }));
    const big = JSON.stringify({ n: 1, pad: 'x'.repeat(2_000_000) });
    const write = writeAtomic(file, big);
    const seen = JSON.parse(await readFile(file, 'utf8')) as { n: number };
    expect([0, 1]).toContain(seen.n);
    await write;
    expect((JSON.parse(await readFile(file, 'utf8')) as { n: number }).n).toBe(1);
  });

  it('lists and deploys from the index, never from the version files', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    await store.appendVersion(newVersion({ note: 'one' }));
    await store.appendVersion(newVersion({ note: 'two' }));
    // Unreadable version files would break anything that still read them.
    for (const f of ['000001.json', '000002.json']) await writeFile(path.join(versionsDir(dir), f), 'not json');
    const reopened = await FileStore.open(dir);
    expect((await reopened.listVersions('p1')).map((v) => v.note)).toEqual(['one', 'two']);
    expect((await reopened.latestVersion('p1'))?.version).toBe(2);
    expect((await reopened.appendVersion(newVersion())).version).toBe(3);
  });

  it('builds the index of a folder written before there was one, changes included', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    const two = PipelineDocument.parse({ ...chainDocument('p1'), nodes: chainDocument('p1').nodes.filter((n) => n.id !== 'out'), edges: [] });
    await store.appendVersion(newVersion({ note: 'a' }));
    await store.appendVersion(newVersion({ note: 'b', document: two }));
    // The layout of earlier releases: version files without `changes`, no index.
    await rm(path.join(versionsDir(dir), 'index.jsonl'));
    for (const n of [1, 2]) {
      const file = path.join(versionsDir(dir), `00000${n}.json`);
      const { changes: _dropped, ...legacy } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      await writeFile(file, JSON.stringify(legacy));
    }
    const reopened = await FileStore.open(dir);
    const entries = await reopened.listVersions('p1');
    expect(entries.map((e) => [e.version, e.note])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(entries[0].changes.added).toEqual(['cam', 'inv', 'cnt', 'out']);
    expect(entries[1].changes).toEqual({ added: [], removed: ['out'], changed: [] });
    expect((await reopened.getVersion('p1', 2))?.changes.removed).toEqual(['out']);
    expect((await reopened.appendVersion(newVersion())).version).toBe(3);
  });

  it('indexes a version file a crash left out of the index instead of overwriting it', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    await store.appendVersion(newVersion({ note: 'one' }));
    await store.appendVersion(newVersion({ note: 'two' }));
    // A crash after version 2's file was linked but before its index line was written.
    const index = path.join(versionsDir(dir), 'index.jsonl');
    const lines = (await readFile(index, 'utf8')).split('\n');
    await writeFile(index, `${lines[0]}\n`);
    const reopened = await FileStore.open(dir);
    expect((await reopened.latestVersion('p1'))?.version).toBe(1);
    const third = await reopened.appendVersion(newVersion({ note: 'three' }));
    expect(third.version).toBe(3);
    expect((await reopened.listVersions('p1')).map((v) => v.note)).toEqual(['one', 'two', 'three']);
    expect((await reopened.getVersion('p1', 2))?.note).toBe('two');
  });

  it('skips a half-written index line and keeps appending on a fresh line', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    await store.appendVersion(newVersion({ note: 'one' }));
    const index = path.join(versionsDir(dir), 'index.jsonl');
    await appendFile(index, '{"pipelineId":"p1","vers');
    const reopened = await FileStore.open(dir);
    expect((await reopened.listVersions('p1')).map((v) => v.note)).toEqual(['one']);
    expect((await reopened.appendVersion(newVersion({ note: 'two' }))).version).toBe(2);
    const after = await FileStore.open(dir);
    expect((await after.listVersions('p1')).map((v) => [v.version, v.note])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
  });
});
