import { describe, expect, it } from 'vitest';
import { validateDocument, findCycles } from './validate.ts';
import { testCatalog } from './test-catalog.ts';
import type { ErrorCode } from './errors.ts';

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x: 0, y: 0 },
});
const edge = (id: string, from: string, fromPort: string, to: string, toPort: string) => ({
  id,
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});
const doc = (nodes: unknown[], edges: unknown[]) => ({ schemaVersion: 1, id: 'p1', name: 'Pipeline', nodes, edges });

const codes = (result: ReturnType<typeof validateDocument>): ErrorCode[] => (result.ok ? [] : result.problems.map((p) => p.code));

describe('validateDocument', () => {
  it('accepts a well-formed chain', () => {
    const result = validateDocument(
      doc([node('a', 'test.source'), node('b', 'test.blur', { strength: 3 }), node('c', 'test.sink')], [
        edge('e1', 'a', 'frame', 'b', 'frame'),
        edge('e2', 'b', 'frame', 'c', 'frame'),
      ]),
      testCatalog,
    );
    expect(result.ok).toBe(true);
  });

  it('reports every problem at once, each with a code, path and node', () => {
    const result = validateDocument(
      doc(
        [node('a', 'test.source'), node('a', 'test.blur'), node('b', 'test.blur', { strength: 99 }), node('x', 'acme.nope'), node('c', 'test.sink')],
        [
          edge('e1', 'a', 'frame', 'b', 'frame'),
          edge('e2', 'a', 'tick', 'c', 'frame'),
          edge('e3', 'b', 'frame', 'ghost', 'frame'),
          edge('e4', 'b', 'nope', 'c', 'frame'),
        ],
      ),
      testCatalog,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(codes(result).sort()).toEqual(['SF102', 'SF103', 'SF104', 'SF105', 'SF106', 'SF108']);
    const config = result.problems.find((p) => p.code === 'SF103');
    expect(config?.path).toEqual(['nodes', 2, 'config', 'strength']);
    expect(config?.nodeId).toBe('b');
    const mismatch = result.problems.find((p) => p.code === 'SF106');
    expect(mismatch?.message).toContain('cannot connect event output to frame input');
  });

  it('refuses a second edge into a single input but allows fan-in on a multiple port', () => {
    const nodes = [node('a', 'test.source'), node('a2', 'test.source'), node('c', 'test.sink')];
    const single = validateDocument(doc(nodes, [edge('e1', 'a', 'frame', 'c', 'frame'), edge('e2', 'a2', 'frame', 'c', 'frame')]), testCatalog);
    expect(codes(single)).toEqual(['SF109']);
    const multi = validateDocument(doc(nodes, [edge('e1', 'a', 'tick', 'c', 'events'), edge('e2', 'a2', 'tick', 'c', 'events')]), testCatalog);
    expect(multi.ok).toBe(true);
  });

  it('finds cycles and self-loops', () => {
    const result = validateDocument(
      doc([node('b', 'test.blur'), node('d', 'test.blur')], [edge('e1', 'b', 'frame', 'd', 'frame'), edge('e2', 'd', 'frame', 'b', 'frame')]),
      testCatalog,
    );
    expect(codes(result)).toEqual(['SF107']);
    expect(findCycles({ nodes: [node('b', 'x.y')], edges: [] })).toEqual([]);
    const self = validateDocument(doc([node('b', 'test.blur')], [edge('e1', 'b', 'frame', 'b', 'frame')]), testCatalog);
    expect(codes(self)).toContain('SF112');
  });

  it('names each cycle once along its path, including through nodes only edges mention, and stops at the cap', () => {
    const nodes = ['a', 'b', 'c', 'd'].map((id) => node(id, 'x.y'));
    const edges = [edge('e1', 'a', 'o', 'b', 'i'), edge('e2', 'b', 'o', 'c', 'i'), edge('e3', 'c', 'o', 'a', 'i'), edge('e4', 'c', 'o', 'ghost', 'i'), edge('e5', 'ghost', 'o', 'c', 'i')];
    expect(findCycles({ nodes, edges })).toEqual([
      ['a', 'b', 'c', 'a'],
      ['c', 'ghost', 'c'],
    ]);
    expect(findCycles({ nodes, edges }, 1)).toHaveLength(1);
    // A node listed twice is walked once.
    expect(findCycles({ nodes: [...nodes, node('a', 'x.y')], edges })).toHaveLength(2);
  });

  it('refuses node type versions newer than installed', () => {
    const result = validateDocument(doc([{ ...node('b', 'test.blur'), typeVersion: 3 }], []), testCatalog);
    expect(codes(result)).toEqual(['SF111']);
  });

  it('turns schema violations into SF101 problems with paths', () => {
    const result = validateDocument({ schemaVersion: 1, id: 'bad id!', name: '', nodes: [{ id: 'a' }], edges: 'no' }, testCatalog);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.every((p) => p.code === 'SF101')).toBe(true);
    const paths = result.problems.map((p) => p.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['id', 'name', 'nodes.0.type', 'edges']));
  });

  it('rejects non-objects and unknown schema versions without throwing', () => {
    for (const input of [null, 42, 'text', [], { schemaVersion: 9 }, { schemaVersion: 'one' }]) {
      const result = validateDocument(input, testCatalog);
      expect(result.ok).toBe(false);
    }
    expect(codes(validateDocument({ schemaVersion: 9 }, testCatalog))).toEqual(['SF110']);
  });
});
