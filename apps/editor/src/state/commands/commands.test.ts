import { describe, expect, it } from 'vitest';
import { ctx, stateWith, emptyDoc } from '../../test/fixtures.ts';
import { initialState } from '../editor-state.ts';
import { addNode, autoLayout, connect, deleteSelection, moveNodes, renameNode, select, selectAll, updateConfig } from './index.ts';

describe('addNode', () => {
  it('adds a node with the catalog defaults and a readable id, and selects it', () => {
    const r = addNode(initialState(emptyDoc()), { type: 'showflow.denoise', position: { x: 10.4, y: 20.6 } }, ctx);
    expect(r.undoable).toBe(true);
    expect(r.state.doc.nodes).toEqual([
      { id: 'denoise-1', type: 'showflow.denoise', typeVersion: 1, config: { strength: 0.5, mode: 'fast', enabled: true, tint: '#ff0000' }, position: { x: 10, y: 21 } },
    ]);
    expect(r.state.selection.nodes).toEqual(['denoise-1']);
    const again = addNode(r.state, { type: 'showflow.denoise', position: { x: 0, y: 0 } }, ctx);
    expect(again.state.doc.nodes.map((n) => n.id)).toEqual(['denoise-1', 'denoise-2']);
  });

  it('refuses an unknown type without changing anything', () => {
    const before = initialState(emptyDoc());
    const r = addNode(before, { type: 'acme.nope', position: { x: 0, y: 0 } }, ctx);
    expect(r.state).toBe(before);
    expect(r.undoable).toBe(false);
    expect(r.notice).toMatch(/acme\.nope/);
  });
});

describe('connect', () => {
  const base = stateWith(['showflow.camera', 'showflow.denoise', 'showflow.overlay', 'showflow.compose', 'showflow.drop']);

  it('connects matching port types', () => {
    const r = connect(base, { from: { node: 'camera-1', port: 'frame' }, to: { node: 'denoise-2', port: 'frame' } }, ctx);
    expect(r.undoable).toBe(true);
    expect(r.state.doc.edges).toEqual([{ id: 'e-1', from: { node: 'camera-1', port: 'frame' }, to: { node: 'denoise-2', port: 'frame' } }]);
  });

  it('refuses incompatible port types with the shared reason', () => {
    const r = connect(base, { from: { node: 'overlay-3', port: 'image' }, to: { node: 'denoise-2', port: 'frame' } }, ctx);
    expect(r.state).toBe(base);
    expect(r.undoable).toBe(false);
    expect(r.notice).toBe('Connection refused: cannot connect image output to frame input');
  });

  it('refuses a second wire into a single input, a self-loop and a cycle', () => {
    const one = connect(base, { from: { node: 'camera-1', port: 'frame' }, to: { node: 'denoise-2', port: 'frame' } }, ctx).state;
    const compose = connect(one, { from: { node: 'denoise-2', port: 'frame' }, to: { node: 'compose-4', port: 'frame' } }, ctx).state;
    expect(connect(compose, { from: { node: 'compose-4', port: 'frame' }, to: { node: 'denoise-2', port: 'frame' } }, ctx).notice).toMatch(/accepts one connection/);
    expect(connect(base, { from: { node: 'denoise-2', port: 'frame' }, to: { node: 'denoise-2', port: 'frame' } }, ctx).notice).toMatch(/itself/);
    const loose = stateWith(['showflow.denoise', 'showflow.denoise']);
    const ab = connect(loose, { from: { node: 'denoise-1', port: 'frame' }, to: { node: 'denoise-2', port: 'frame' } }, ctx).state;
    expect(connect(ab, { from: { node: 'denoise-2', port: 'frame' }, to: { node: 'denoise-1', port: 'frame' } }, ctx).notice).toMatch(/cycle/);
  });

  it('lets a multiple input take several wires', () => {
    const s = stateWith(['showflow.drop', 'showflow.drop', 'showflow.drop']);
    const a = connect(s, { from: { node: 'drop-1', port: 'event' }, to: { node: 'drop-3', port: 'events' } }, ctx).state;
    const b = connect(a, { from: { node: 'drop-2', port: 'event' }, to: { node: 'drop-3', port: 'events' } }, ctx);
    expect(b.notice).toBeUndefined();
    expect(b.state.doc.edges).toHaveLength(2);
  });
});

describe('selection, delete, move, edit', () => {
  const wired = () => {
    const s = stateWith(['showflow.camera', 'showflow.denoise', 'showflow.viewer']);
    const a = connect(s, { from: { node: 'camera-1', port: 'frame' }, to: { node: 'denoise-2', port: 'frame' } }, ctx).state;
    return connect(a, { from: { node: 'denoise-2', port: 'frame' }, to: { node: 'viewer-3', port: 'frame' } }, ctx).state;
  };

  it('deletes selected nodes with every edge that touched them', () => {
    const s = select(wired(), { nodes: ['denoise-2'] }, ctx).state;
    const r = deleteSelection(s, undefined, ctx);
    expect(r.undoable).toBe(true);
    expect(r.state.doc.nodes.map((n) => n.id)).toEqual(['camera-1', 'viewer-3']);
    expect(r.state.doc.edges).toEqual([]);
  });

  it('deletes a selected edge alone; with nothing selected it is a no-op', () => {
    const s = select(wired(), { edges: ['e-1'] }, ctx).state;
    expect(deleteSelection(s, undefined, ctx).state.doc.edges.map((e) => e.id)).toEqual(['e-2']);
    expect(deleteSelection(select(wired(), {}, ctx).state, undefined, ctx).undoable).toBe(false);
  });

  it('select all takes every node and edge; selection is never undoable', () => {
    const r = selectAll(wired(), undefined, ctx);
    expect(r.undoable).toBe(false);
    expect(r.state.selection).toEqual({ nodes: ['camera-1', 'denoise-2', 'viewer-3'], edges: ['e-1', 'e-2'] });
  });

  it('moves only the given nodes, reusing untouched node objects', () => {
    const s = wired();
    const r = moveNodes(s, { positions: { 'denoise-2': { x: 5, y: 6 } }, final: false }, ctx);
    expect(r.undoable).toBe(false);
    expect(r.state.doc.nodes[1].position).toEqual({ x: 5, y: 6 });
    expect(r.state.doc.nodes[0]).toBe(s.doc.nodes[0]);
  });

  it('updates config and label immutably', () => {
    const s = wired();
    const r = updateConfig(s, { nodeId: 'denoise-2', config: { strength: 0.9 } }, ctx);
    expect(r.state.doc.nodes[1].config).toEqual({ strength: 0.9 });
    expect(s.doc.nodes[1].config).toEqual({ strength: 0.5, mode: 'fast', enabled: true, tint: '#ff0000' });
    expect(renameNode(s, { nodeId: 'denoise-2', label: '  Clean  ' }, ctx).state.doc.nodes[1].label).toBe('Clean');
    expect('label' in renameNode(s, { nodeId: 'denoise-2', label: '' }, ctx).state.doc.nodes[1]).toBe(false);
  });

  it('auto-layout places a chain left to right', () => {
    const r = autoLayout(wired(), {}, ctx);
    const xs = r.state.doc.nodes.map((n) => n.position.x);
    expect(xs[0]).toBeLessThan(xs[1]);
    expect(xs[1]).toBeLessThan(xs[2]);
  });
});
