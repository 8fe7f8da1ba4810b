import { describe, expect, it } from 'vitest';
import { ctx, stateWith } from '../../test/fixtures.ts';
import { connect, copySelection, isClipboardContent, paste, select } from './index.ts';

describe('copy and paste', () => {
  const wired = () => {
    const s = stateWith(['showflow.camera', 'showflow.denoise', 'showflow.viewer']);
    const a = connect(s, { from: { node: 'camera-1', port: 'frame' }, to: { node: 'denoise-2', port: 'frame' } }, ctx).state;
    return connect(a, { from: { node: 'denoise-2', port: 'frame' }, to: { node: 'viewer-3', port: 'frame' } }, ctx).state;
  };

  it('copies the selected nodes and only the edges between them', () => {
    const s = select(wired(), { nodes: ['camera-1', 'denoise-2'] }, ctx).state;
    const clip = copySelection(s)!;
    expect(isClipboardContent(clip)).toBe(true);
    expect(clip.nodes.map((n) => n.id)).toEqual(['camera-1', 'denoise-2']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e-1']);
    expect(copySelection(wired())).toBeNull();
  });

  it('pastes under fresh ids, offset, with edges remapped, and selects the copies', () => {
    const s = select(wired(), { nodes: ['camera-1', 'denoise-2'] }, ctx).state;
    const r = paste(s, { content: copySelection(s)! }, ctx);
    expect(r.undoable).toBe(true);
    const added = r.state.doc.nodes.slice(3);
    expect(added.map((n) => n.id)).toEqual(['camera-2', 'denoise-1']);
    expect(added[0].position).toEqual({ x: 40, y: 40 });
    expect(r.state.doc.edges.at(-1)).toEqual({ id: 'e-3', from: { node: 'camera-2', port: 'frame' }, to: { node: 'denoise-1', port: 'frame' } });
    expect(r.state.selection).toEqual({ nodes: ['camera-2', 'denoise-1'], edges: ['e-3'] });
  });

  it('pasted configs are copies, not shared objects', () => {
    const s = select(wired(), { nodes: ['denoise-2'] }, ctx).state;
    const r = paste(s, { content: copySelection(s)! }, ctx);
    expect(r.state.doc.nodes.at(-1)!.config).toEqual(s.doc.nodes[1].config);
    expect(r.state.doc.nodes.at(-1)!.config).not.toBe(s.doc.nodes[1].config);
  });
});
