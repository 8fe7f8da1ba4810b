import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineDocument } from '@showflow/shared';
import { chainDocument } from '../../test/fixtures/documents.ts';
import { FileStore, writeAtomic } from './file-store.ts';
import type { PipelineRecord } from './store.ts';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'showflow-store-'));
const draft = PipelineDocument.parse(chainDocument('p1'));
const record = (over: Partial<PipelineRecord> = {}): PipelineRecord => ({
  id: 'p1',
  name: 'P1',
  createdAt: 't0',
  updatedAt: 't0',
  draft,
  draftHash: 'h',
  activeVersion: null,
  activations: [],
  ...over,
});

describe('FileStore', () => {
  it('keeps pipelines and versions across a reopen', async () => {
    const dir = tempDir();
    const a = await FileStore.open(dir);
    await a.putPipeline(record({ activeVersion: 1 }));
    await a.addVersion({ pipelineId: 'p1', version: 1, hash: 'h1', createdAt: 't1', note: 'first', document: draft });
    await a.addVersion({ pipelineId: 'p1', version: 2, hash: 'h2', createdAt: 't2', note: '', document: draft });
    await a.close();

    const b = await FileStore.open(dir);
    expect(await b.getPipeline('p1')).toEqual(record({ activeVersion: 1 }));
    expect((await b.listVersions('p1')).map((v) => [v.version, v.hash, v.note])).toEqual([
      [1, 'h1', 'first'],
      [2, 'h2', ''],
    ]);
    expect(await b.getVersion('p1', 3)).toBeUndefined();
  });

  it('never overwrites a version', async () => {
    const store = await FileStore.open(tempDir());
    await store.putPipeline(record());
    await store.addVersion({ pipelineId: 'p1', version: 1, hash: 'h1', createdAt: 't1', note: '', document: draft });
    await expect(store.addVersion({ pipelineId: 'p1', version: 1, hash: 'other', createdAt: 't2', note: '', document: draft })).rejects.toThrow(/already exists/);
    expect((await store.getVersion('p1', 1))?.hash).toBe('h1');
  });

  it('writes through a temporary file and leaves none behind', async () => {
    const dir = tempDir();
    const store = await FileStore.open(dir);
    for (let i = 0; i < 5; i++) await store.putPipeline(record({ updatedAt: `t${i}` }));
    await store.addVersion({ pipelineId: 'p1', version: 1, hash: 'h1', createdAt: 't1', note: '', document: draft });
    const files = readdirSync(path.join(dir, 'pipelines', 'p1'), { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await store.getPipeline('p1'))?.updatedAt).toBe('t4');
  });

  it('replaces a file whole: a reader sees the old or the new content', async () => {
    const file = path.join(tempDir(), 'x.json');
    await writeAtomic(file, JSON.stringify({ n: 0 }));
    const big = JSON.stringify({ n: 1, pad: 'x'.repeat(2_000_000) });
    const write = writeAtomic(file, big);
    const { readFile } = await import('node:fs/promises');
    const seen = JSON.parse(await readFile(file, 'utf8')) as { n: number };
    expect([0, 1]).toContain(seen.n);
    await write;
    expect((JSON.parse(await readFile(file, 'utf8')) as { n: number }).n).toBe(1);
  });

  it('deletes a pipeline with its versions and refuses ids that are not ids', async () => {
    const store = await FileStore.open(tempDir());
    await store.putPipeline(record());
    await store.addVersion({ pipelineId: 'p1', version: 1, hash: 'h1', createdAt: 't1', note: '', document: draft });
    await store.deletePipeline('p1');
    expect(await store.listPipelines()).toEqual([]);
    expect(await store.listVersions('p1')).toEqual([]);
    await expect(store.getPipeline('../etc')).rejects.toThrow(/invalid pipeline id/);
  });
});
