import { describe, expect, it } from 'vitest';
import { catalogFromSpecs, validateDocument } from '@showflow/shared';
import { ctx, specs, stateWith } from '../../test/fixtures.ts';
import {
  addComment,
  addNodeConnected,
  addToGroup,
  deleteComment,
  deleteSelection,
  duplicateNodes,
  groupNodes,
  moveGroup,
  removeFromGroup,
  select,
  ungroup,
  updateComment,
  updateGroup,
} from './index.ts';

const catalog = catalogFromSpecs(specs);
const valid = (doc: Parameters<typeof validateDocument>[0]) => validateDocument(doc, catalog);

describe('groups', () => {
  const three = () => stateWith(['showflow.camera', 'showflow.denoise', 'showflow.viewer']);

  it('groups nodes, keeps a node in one group only, and drops a group left empty', () => {
    const a = groupNodes(three(), { nodes: ['camera-1', 'denoise-2'] }, ctx);
    expect(a.undoable).toBe(true);
    expect(a.state.doc.groups).toEqual([{ id: 'group-1', label: 'Group 1', colour: 'blue', nodes: ['camera-1', 'denoise-2'] }]);
    const b = groupNodes(a.state, { nodes: ['denoise-2', 'viewer-3'] }, ctx).state;
    expect(b.doc.groups!.map((g) => g.nodes)).toEqual([['camera-1'], ['denoise-2', 'viewer-3']]);
    const c = removeFromGroup(b, { nodes: ['camera-1'] }, ctx).state;
    expect(c.doc.groups!.map((g) => g.id)).toEqual(['group-2']);
    const d = addToGroup(c, { group: 'group-2', nodes: ['camera-1'] }, ctx).state;
    expect(d.doc.groups![0].nodes).toEqual(['denoise-2', 'viewer-3', 'camera-1']);
    expect(ungroup(d, { group: 'group-2' }, ctx).state.doc).not.toHaveProperty('groups');
    expect(valid(d.doc).ok).toBe(true);
  });

  it('deleting a node takes it out of its group, so the document stays valid', () => {
    const g = groupNodes(three(), { nodes: ['camera-1', 'denoise-2'] }, ctx).state;
    const r = deleteSelection(select(g, { nodes: ['denoise-2'] }, ctx).state, undefined, ctx);
    expect(r.state.doc.groups![0].nodes).toEqual(['camera-1']);
    expect(valid(r.state.doc).ok).toBe(true);
  });

  it('renames within 80 characters, recolours, and moves the members together', () => {
    const g = groupNodes(three(), { nodes: ['camera-1', 'denoise-2'] }, ctx).state;
    const r = updateGroup(g, { group: 'group-1', label: `  ${'x'.repeat(90)} `, colour: 'red' }, ctx).state;
    expect(r.doc.groups![0]).toMatchObject({ label: 'x'.repeat(80), colour: 'red' });
    const moved = moveGroup(r, { group: 'group-1', by: { x: 10, y: -5 }, final: true }, ctx);
    expect(moved.undoable).toBe(true);
    expect(moved.state.doc.nodes.map((n) => n.position)).toEqual([{ x: 10, y: -5 }, { x: 260, y: -5 }, { x: 500, y: 0 }]);
  });
});

describe('comments', () => {
  it('adds, edits within the limits, and deletes a comment', () => {
    const a = addComment(stateWith([]), { position: { x: 1.4, y: 2.6 } }, ctx);
    expect(a.state.doc.comments).toEqual([{ id: 'comment-1', text: '', position: { x: 1, y: 3 }, size: { width: 220, height: 120 } }]);
    const b = updateComment(a.state, { id: 'comment-1', text: 'y'.repeat(2100), size: { width: 5, height: 9000 } }, ctx).state;
    expect(b.doc.comments![0]).toMatchObject({ size: { width: 40, height: 4000 } });
    expect(b.doc.comments![0].text).toHaveLength(2000);
    expect(valid(b.doc).ok).toBe(true);
    const mid = updateComment(b, { id: 'comment-1', position: { x: 50, y: 50 }, final: false }, ctx);
    expect(mid.undoable).toBe(false);
    expect(deleteComment(b, { id: 'comment-1' }, ctx).state.doc).not.toHaveProperty('comments');
  });
});

describe('add on wire drop and duplicate', () => {
  it('adds the node and wires the dropped output to its first input that takes it', () => {
    const s = stateWith(['showflow.camera']);
    const r = addNodeConnected(s, { type: 'showflow.compose', position: { x: 300, y: 0 }, from: { node: 'camera-1', port: 'frame' } }, ctx);
    expect(r.undoable).toBe(true);
    expect(r.state.doc.edges).toEqual([{ id: 'e-1', from: { node: 'camera-1', port: 'frame' }, to: { node: 'compose-1', port: 'frame' } }]);
    const image = addNodeConnected(stateWith(['showflow.overlay']), { type: 'showflow.compose', position: { x: 0, y: 0 }, from: { node: 'overlay-1', port: 'image' } }, ctx);
    expect(image.state.doc.edges[0].to).toEqual({ node: 'compose-1', port: 'overlay' });
    const none = addNodeConnected(s, { type: 'showflow.drop', position: { x: 0, y: 0 }, from: { node: 'camera-1', port: 'frame' } }, ctx);
    expect(none.state.doc.edges).toEqual([]);
    expect(none.notice).toMatch(/no input/);
  });

  it('adds a node feeding an input the wire was pulled from: its first output that fits goes in', () => {
    const s = stateWith(['showflow.compose']);
    const r = addNodeConnected(s, { type: 'showflow.overlay', position: { x: -300, y: 0 }, to: { node: 'compose-1', port: 'overlay' } }, ctx);
    expect(r.undoable).toBe(true);
    expect(r.state.doc.edges).toEqual([{ id: 'e-1', from: { node: 'overlay-1', port: 'image' }, to: { node: 'compose-1', port: 'overlay' } }]);
    expect(r.state.selection.nodes).toEqual(['overlay-1']);
    const none = addNodeConnected(s, { type: 'showflow.drop', position: { x: 0, y: 0 }, to: { node: 'compose-1', port: 'frame' } }, ctx);
    expect(none.state.doc.nodes.map((n) => n.id)).toEqual(['compose-1', 'drop-1']);
    expect(none.state.doc.edges).toEqual([]);
    expect(none.notice).toMatch(/no output that fits compose-1\.frame/);
  });

  it('duplicates the given nodes beside the originals', () => {
    const r = duplicateNodes(stateWith(['showflow.camera', 'showflow.denoise']), { nodes: ['denoise-2'] }, ctx);
    expect(r.state.doc.nodes.map((n) => n.id)).toEqual(['camera-1', 'denoise-2', 'denoise-1']);
    expect(r.state.selection.nodes).toEqual(['denoise-1']);
  });
});
