import { describe, expect, it } from 'vitest';
import { PipelineDocument } from '@showflow/shared';
import { testCatalog } from '../../test/fixtures/nodes.ts';
import { chainDocument } from '../../test/fixtures/documents.ts';
import { compilePipeline, flowNodeId, tabId } from './compile.ts';

const catalog = testCatalog();
const doc = () => PipelineDocument.parse(chainDocument('show'));

describe('compilePipeline', () => {
  it('makes one tab and one namespaced flow node per node, each with x and y', () => {
    const { tab, nodes } = compilePipeline(doc(), catalog, 'engine-1');
    expect(tab).toMatchObject({ id: tabId('show'), type: 'tab' });
    expect(nodes.map((n) => n.id)).toEqual(['show~cam', 'show~inv', 'show~cnt', 'show~out']);
    for (const n of nodes) {
      expect(n.z).toBe(tab.id);
      expect(typeof n.x).toBe('number');
      expect(typeof n.y).toBe('number');
    }
  });

  it('wires one Node-RED output per output port and maps source ports onto target input ports', () => {
    const { nodes } = compilePipeline(doc(), catalog, 'engine-1');
    const cnt = nodes.find((n) => n.sf.nodeId === 'cnt')!;
    expect(cnt.sf.outputs).toEqual(['out', 'count']);
    expect(cnt.wires).toEqual([[flowNodeId('show', 'out')], [flowNodeId('show', 'out')]]);
    const out = nodes.find((n) => n.sf.nodeId === 'out')!;
    expect(out.sf.inputs).toEqual({ 'cnt:out': [{ port: 'frame', edge: 'e3' }], 'cnt:count': [{ port: 'count', edge: 'e4' }] });
  });

  it('fills config defaults and leaves labels and positions out of what Node-RED compares', () => {
    const moved = doc();
    moved.nodes[2] = { ...moved.nodes[2], label: 'renamed', position: { x: 500, y: 900 } };
    const a = compilePipeline(doc(), catalog, 'e').nodes[2];
    const b = compilePipeline(moved, catalog, 'e').nodes[2];
    const { x: _ax, y: _ay, ...restA } = a;
    const { x: _bx, y: _by, ...restB } = b;
    expect(restB).toEqual(restA);
    expect(a.sf.config).toEqual({ label: '' });
  });

  it('refuses unknown types with a located problem', () => {
    const bad = doc();
    bad.nodes[1] = { ...bad.nodes[1], type: 'test.missing' };
    expect(() => compilePipeline(bad, catalog, 'e')).toThrow(expect.objectContaining({ code: 'SF102', problems: [expect.objectContaining({ path: ['nodes', 1, 'type'] })] }));
  });

  it('ignores groups and comments: an annotated document compiles to the same flow', () => {
    const base = chainDocument('show');
    const plain = PipelineDocument.parse(base);
    const annotated = PipelineDocument.parse({
      ...base,
      groups: [{ id: 'g1', label: 'Input', colour: 'teal', nodes: ['cam', 'inv'] }],
      comments: [{ id: 'c1', text: 'Counter feeds the sink twice', position: { x: 0, y: 300 }, size: { width: 220, height: 120 } }],
    });
    expect(annotated.groups).toHaveLength(1);
    expect(compilePipeline(annotated, catalog, 'e')).toEqual(compilePipeline(plain, catalog, 'e'));
  });
});
