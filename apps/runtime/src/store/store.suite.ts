import { afterEach, describe, expect, it } from 'vitest';
import { PipelineDocument } from '@showflow/shared';
import { chainDocument } from '../../test/fixtures/documents.ts';
import type { NewVersion, PipelineRecord, PipelineStore } from './store.ts';

/** Opens a store; `reopen` opens a second one on the same data (a restart, or another runtime). */
export interface StoreFactory {
  open(): Promise<{ store: PipelineStore; reopen(): Promise<PipelineStore> }>;
}

const draft = PipelineDocument.parse(chainDocument('p1'));
export const record = (over: Partial<PipelineRecord> = {}): PipelineRecord => ({
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
export const newVersion = (over: Partial<NewVersion> = {}): NewVersion => ({
  pipelineId: 'p1',
  hash: 'h1',
  createdAt: 't1',
  note: '',
  changes: { added: ['cam'], removed: [], changed: [] },
  document: draft,
  ...over,
});

/** What every PipelineStore must do, run against the file store and PostgreSQL alike. */
export function describePipelineStore(name: string, factory: StoreFactory): void {
  describe(`PipelineStore on ${name}`, () => {
    const opened: PipelineStore[] = [];
    const open = async () => {
      const handle = await factory.open();
      opened.push(handle.store);
      return {
        store: handle.store,
        reopen: async () => {
          const again = await handle.reopen();
          opened.unshift(again);
          return again;
        },
      };
    };
    afterEach(async () => {
      // Second handles first: the first may drop what they share.
      for (const store of opened.splice(0)) await store.close();
    });

    it('keeps pipelines, versions and history across a reopen', async () => {
      const { store, reopen } = await open();
      const activations = [{ version: 1, at: 't1', reason: 'deploy' as const }];
      await store.putPipeline(record({ activeVersion: 1, activations }));
      await store.appendVersion(newVersion({ note: 'first' }));
      await store.appendVersion(newVersion({ hash: 'h2', createdAt: 't2', changes: { added: [], removed: ['cam'], changed: ['inv'] } }));

      const again = await reopen();
      expect(await again.getPipeline('p1')).toEqual(record({ activeVersion: 1, activations }));
      expect((await again.listVersions('p1')).map((v) => [v.version, v.hash, v.note, v.changes.removed])).toEqual([
        [1, 'h1', 'first', []],
        [2, 'h2', '', ['cam']],
      ]);
      expect(await again.getVersion('p1', 2)).toEqual({ ...newVersion({ hash: 'h2', createdAt: 't2', changes: { added: [], removed: ['cam'], changed: ['inv'] } }), version: 2 });
      expect(await again.getVersion('p1', 3)).toBeUndefined();
      expect(await again.getVersion('p1', 0)).toBeUndefined();
      expect(await again.getVersion('p1', 1.5)).toBeUndefined();
    });

    it('keeps a pipeline taken off air off air across a reopen, and on air once put back', async () => {
      const { store, reopen } = await open();
      await store.putPipeline(record({ activeVersion: 1, offAir: true }));
      expect((await (await reopen()).getPipeline('p1'))?.offAir).toBe(true);
      await store.putPipeline(record({ activeVersion: 1 }));
      expect(await (await reopen()).getPipeline('p1')).toEqual(record({ activeVersion: 1 }));
    });

    it('numbers versions 1, 2, 3… and reports the newest', async () => {
      const { store } = await open();
      expect(await store.latestVersion('p1')).toBeUndefined();
      expect(await store.listVersions('p1')).toEqual([]);
      for (let i = 1; i <= 3; i++) expect((await store.appendVersion(newVersion({ hash: `h${i}` }))).version).toBe(i);
      expect(await store.latestVersion('p1')).toMatchObject({ version: 3, hash: 'h3' });
      // Numbers are per pipeline.
      expect((await store.appendVersion(newVersion({ pipelineId: 'p2' }))).version).toBe(1);
    });

    it('lists versions without their documents', async () => {
      const { store } = await open();
      await store.appendVersion(newVersion());
      const [entry] = await store.listVersions('p1');
      expect(entry).not.toHaveProperty('document');
      expect(await store.latestVersion('p1')).not.toHaveProperty('document');
    });

    it('never gives one number twice, even to deploys at the same moment from two handles', async () => {
      const { store, reopen } = await open();
      const other = await reopen();
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 ? other : store).appendVersion(newVersion({ hash: `h${i}`, note: `n${i}` }))),
      );
      const numbers = results.map((r) => r.version).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      // Each number holds the version that was given it.
      for (const r of results) expect((await store.getVersion('p1', r.version))?.note).toBe(r.note);
      expect((await other.listVersions('p1')).map((v) => v.version)).toEqual(numbers);
    });

    it('deletes a pipeline with its versions; a new one with that id starts at 1', async () => {
      const { store } = await open();
      await store.putPipeline(record());
      await store.appendVersion(newVersion());
      await store.appendVersion(newVersion());
      await store.deletePipeline('p1');
      await store.deletePipeline('p1');
      expect(await store.listPipelines()).toEqual([]);
      expect(await store.listVersions('p1')).toEqual([]);
      expect(await store.getVersion('p1', 1)).toBeUndefined();
      expect((await store.appendVersion(newVersion())).version).toBe(1);
    });

    it('lists pipelines by id and overwrites a pipeline record whole', async () => {
      const { store } = await open();
      await store.putPipeline(record({ id: 'zeta', name: 'Z' }));
      await store.putPipeline(record({ id: 'alpha', name: 'A' }));
      await store.putPipeline(record({ id: 'alpha', name: 'A2', activeVersion: 4 }));
      expect((await store.listPipelines()).map((p) => [p.id, p.name, p.activeVersion])).toEqual([
        ['alpha', 'A2', 4],
        ['zeta', 'Z', null],
      ]);
    });

    it('refuses ids that are not ids and writes nothing for them', async () => {
      const { store } = await open();
      await expect(store.getPipeline('../etc')).rejects.toThrow(/invalid pipeline id/);
      await expect(store.putPipeline(record({ id: '../etc' }))).rejects.toThrow(/invalid pipeline id/);
      await expect(store.appendVersion(newVersion({ pipelineId: 'a b' }))).rejects.toThrow(/invalid pipeline id/);
      await expect(store.listVersions("x'; DROP TABLE pipelines; --")).rejects.toThrow(/invalid pipeline id/);
      await expect(store.deletePipeline('')).rejects.toThrow(/invalid pipeline id/);
      expect(await store.listPipelines()).toEqual([]);
    });
  });
}
