import { describe, expect, it } from 'vitest';
import { PipelineDocument } from './document.ts';
import { DOCUMENT_LIMITS } from './document-limits.ts';
import { validateDocument } from './validate.ts';
import { testCatalog } from './test-catalog.ts';

const node = (id: string, type = 'test.blur') => ({ id, type, typeVersion: 1, config: {}, position: { x: 0, y: 0 } });
const base = { schemaVersion: 1, id: 'p1', name: 'Pipeline', nodes: [node('a', 'test.source'), node('b'), node('c', 'test.sink')], edges: [] };
const group = (id: string, nodes: string[], extra: object = {}) => ({ id, label: 'Cameras', colour: 'blue', nodes, ...extra });
const comment = (id: string, extra: object = {}) => ({ id, text: 'Wire the spare camera here', position: { x: 10, y: 20 }, size: { width: 220, height: 120 }, ...extra });
const problems = (input: unknown) => {
  const result = validateDocument(input, testCatalog);
  return result.ok ? [] : result.problems.map(({ code, path, nodeId }) => ({ code, path, ...(nodeId ? { nodeId } : {}) }));
};

describe('groups and comments in a pipeline document', () => {
  it('keeps documents without them valid and unchanged', () => {
    const result = validateDocument(base, testCatalog);
    expect(result.ok).toBe(true);
    if (result.ok) expect('groups' in result.document || 'comments' in result.document).toBe(false);
  });

  it('accepts groups and comments and keeps them through validation', () => {
    const doc = { ...base, groups: [group('g1', ['a', 'b'])], comments: [comment('c1')] };
    const result = validateDocument(doc, testCatalog);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.document.groups).toEqual(doc.groups);
      expect(result.document.comments).toEqual(doc.comments);
    }
  });

  it('refuses a group naming a node that is not in the pipeline, with SF113 and the member path', () => {
    expect(problems({ ...base, groups: [group('g1', ['a', 'ghost'])] })).toEqual([{ code: 'SF113', path: ['groups', 0, 'nodes', 1] }]);
  });

  it('refuses a node in two groups (SF114) and duplicate group or comment ids (SF108)', () => {
    const doc = { ...base, groups: [group('g1', ['a', 'b']), group('g1', ['b', 'c', 'c'])], comments: [comment('n'), comment('n')] };
    expect(problems(doc)).toEqual([
      { code: 'SF108', path: ['groups', 1, 'id'] },
      { code: 'SF114', path: ['groups', 1, 'nodes', 0], nodeId: 'b' },
      { code: 'SF114', path: ['groups', 1, 'nodes', 2], nodeId: 'c' },
      { code: 'SF108', path: ['comments', 1, 'id'] },
    ]);
  });

  it('bounds labels, text, sizes and colours (SF101 with the path)', () => {
    const doc = {
      ...base,
      groups: [group('g1', ['a'], { label: 'x'.repeat(81) }), group('g2', ['b'], { colour: 'magenta' })],
      comments: [comment('c1', { text: 'x'.repeat(2001) }), comment('c2', { size: { width: 10, height: 120 } })],
    };
    expect(problems(doc)).toEqual([
      { code: 'SF101', path: ['groups', 0, 'label'] },
      { code: 'SF101', path: ['groups', 1, 'colour'] },
      { code: 'SF101', path: ['comments', 0, 'text'] },
      { code: 'SF101', path: ['comments', 1, 'size', 'width'] },
    ]);
    expect(PipelineDocument.safeParse({ ...base, groups: [group('g1', ['a'], { label: 'x'.repeat(80) })] }).success).toBe(true);
  });

  it('refuses more groups or comments than a document holds (SF140) before walking them', () => {
    const many = (n: number, make: (i: number) => object) => Array.from({ length: n }, (_, i) => make(i));
    expect(problems({ ...base, groups: many(DOCUMENT_LIMITS.groups + 1, (i) => group(`g${i}`, [])) })).toEqual([{ code: 'SF140', path: ['groups'] }]);
    expect(problems({ ...base, comments: many(DOCUMENT_LIMITS.comments + 1, (i) => comment(`c${i}`)) })).toEqual([{ code: 'SF140', path: ['comments'] }]);
    expect(problems({ ...base, comments: many(DOCUMENT_LIMITS.comments, (i) => comment(`c${i}`)) })).toEqual([]);
  });
});
