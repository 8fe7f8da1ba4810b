import { describe, expect, it } from 'vitest';
import { emptyDoc } from '../test/fixtures.ts';
import { dropLocalDraft, keepLocalDraft, MAX_LOCAL_DRAFT_CHARS, readLocalDraft, sameDocument, type DraftStorage } from './local-draft.ts';

function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const doc = () => ({ ...emptyDoc(), nodes: [{ id: 'a', type: 'showflow.denoise', typeVersion: 1, config: { strength: 0.4 }, position: { x: 1, y: 2 } }] });

describe('local drafts', () => {
  it('keeps a document per pipeline and reads it back', () => {
    const s = memoryStorage();
    expect(keepLocalDraft(s, 'test', doc(), 1234)).toBe(true);
    expect(readLocalDraft(s, 'test')).toEqual({ pipelineId: 'test', keptAt: 1234, doc: doc() });
    expect(readLocalDraft(s, 'other')).toBeNull();
    dropLocalDraft(s, 'test');
    expect(readLocalDraft(s, 'test')).toBeNull();
  });

  it('drops an entry that is not a valid document or belongs to another pipeline', () => {
    const s = memoryStorage();
    s.setItem('showflow:draft:test', '{not json');
    expect(readLocalDraft(s, 'test')).toBeNull();
    expect(s.map.size).toBe(0);
    s.setItem('showflow:draft:test', JSON.stringify({ pipelineId: 'test', keptAt: 1, doc: { ...doc(), id: 'elsewhere' } }));
    expect(readLocalDraft(s, 'test')).toBeNull();
    expect(s.map.size).toBe(0);
  });

  it('refuses a draft larger than the runtime would accept, and survives a full storage', () => {
    const s = memoryStorage();
    const big = { ...doc(), description: 'x'.repeat(10) };
    big.nodes = Array.from({ length: 20_000 }, (_, i) => ({ ...doc().nodes[0], id: `n${i}` }));
    expect(JSON.stringify(big).length).toBeGreaterThan(MAX_LOCAL_DRAFT_CHARS);
    expect(keepLocalDraft(s, 'test', big)).toBe(false);
    const full: DraftStorage = { ...s, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(keepLocalDraft(full, 'test', doc())).toBe(false);
  });

  it('compares documents by content, not key order', () => {
    const a = doc();
    const b = { edges: [], nodes: [{ position: { y: 2, x: 1 }, config: { strength: 0.4 }, typeVersion: 1, type: 'showflow.denoise', id: 'a' }], name: 'Test', id: 'test', schemaVersion: 1 as const };
    expect(sameDocument(a, b)).toBe(true);
    expect(sameDocument(a, { ...b, name: 'Other' })).toBe(false);
  });
});
