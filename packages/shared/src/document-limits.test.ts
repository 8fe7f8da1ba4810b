import { describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS, checkDocumentLimits } from './document-limits.ts';
import { findCycles, validateDocument } from './validate.ts';
import { testCatalog } from './test-catalog.ts';
import { chainOf, deeplyNested, fanOut } from './test-documents.ts';
import { canonicalJson } from './hash.ts';

const codes = (result: ReturnType<typeof validateDocument>) => (result.ok ? [] : result.problems.map((p) => p.code));

describe('document limits and iterative validation', () => {
  it('validates a 10,000-node chain (no recursion over the graph)', () => {
    const result = validateDocument(chainOf(10_000), testCatalog);
    expect(codes(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('refuses a document with more nodes than the limit, with a path, before walking it', () => {
    const result = validateDocument(chainOf(DOCUMENT_LIMITS.nodes + 1), testCatalog);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([expect.objectContaining({ code: 'SF140', path: ['nodes'] })]);
  });

  it('checks 20,000 edges leaving one node without copying per edge, and caps the problem list', () => {
    // 500 targets with one `frame` input each: 19,500 edges are second connections (SF109).
    const result = validateDocument(fanOut(20_000), testCatalog);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(DOCUMENT_LIMITS.problems + 1);
      expect(result.problems.at(-1)).toMatchObject({ code: 'SF142' });
      expect(result.problems[0]).toMatchObject({ code: 'SF109', path: ['edges', 500] });
    }
  });

  it('refuses 5,000-deep nesting with the path to where it goes too deep', () => {
    const result = validateDocument(deeplyNested(5_000), testCatalog);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.code)).toEqual(['SF141']);
      expect(result.problems[0].path.slice(0, 5)).toEqual(['nodes', 0, 'config', 'nested', 'inner']);
      expect(result.problems[0].path).toHaveLength(DOCUMENT_LIMITS.depth + 1);
    }
    expect(checkDocumentLimits(deeplyNested(40))).toEqual([]);
  });

  it('finds a cycle through a 5,000-node chain and names it briefly', () => {
    const d = chainOf(5_000);
    // A back edge from the last processor to the first closes a loop through 4,998 nodes.
    d.edges.push({ id: 'back', from: { node: 'n4998', port: 'frame' }, to: { node: 'n1', port: 'frame' } });
    const cycles = findCycles(d);
    expect(cycles).toHaveLength(1);
    expect(cycles[0][0]).toBe('n1');
    expect(cycles[0]).toHaveLength(4_999);
    const result = validateDocument(d, testCatalog);
    const cycle = result.ok ? undefined : result.problems.find((p) => p.code === 'SF107');
    expect(cycle?.message.length).toBeLessThan(200);
  });

  it('keeps hashing bounded: a document inside the depth limit hashes without recursion trouble', () => {
    expect(canonicalJson(deeplyNested(DOCUMENT_LIMITS.depth - 5)).length).toBeGreaterThan(0);
  });
});
