import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '@showflow/shared';
import { diffDocuments, showValue } from './document-diff.ts';

const base = (): PipelineDocument => ({
  schemaVersion: 1,
  id: 'show',
  name: 'Show',
  nodes: [
    { id: 'cam-1', type: 'showflow.camera', typeVersion: 1, config: { fps: 30 }, position: { x: 0, y: 0 } },
    { id: 'denoise-1', type: 'showflow.denoise', typeVersion: 1, config: { strength: 0.5, mode: 'fast' }, position: { x: 200, y: 0 } },
  ],
  edges: [{ id: 'e1', from: { node: 'cam-1', port: 'frame' }, to: { node: 'denoise-1', port: 'frame' } }],
});

const titles: Record<string, string> = { 'showflow.denoise': 'Denoise', 'showflow.camera': 'Camera', 'showflow.drop': 'Micro-drop' };

describe('diffDocuments', () => {
  it('finds nothing between equal documents, and ignores moved nodes', () => {
    const moved = base();
    moved.nodes[0].position = { x: 500, y: 500 };
    expect(diffDocuments(base(), moved)).toEqual([]);
  });

  it('lists each changed setting with both values, in words', () => {
    const after = base();
    after.name = 'Evening show';
    after.nodes[1].config = { strength: 0.8 };
    after.nodes[1].label = 'Clean-up';
    const changes = diffDocuments(base(), after, (t) => titles[t]);
    expect(changes).toEqual([
      { kind: 'changed', subject: 'pipeline', what: 'Name', field: 'Name', before: 'Show', after: 'Evening show' },
      { kind: 'changed', subject: 'denoise-1', what: 'Clean-up (denoise-1)', field: 'Name on canvas', before: '(empty)', after: 'Clean-up' },
      { kind: 'changed', subject: 'denoise-1', what: 'Clean-up (denoise-1)', field: 'Mode', before: 'fast', after: '(default)' },
      { kind: 'changed', subject: 'denoise-1', what: 'Clean-up (denoise-1)', field: 'Strength', before: '0.5', after: '0.8' },
    ]);
  });

  it('lists added and removed nodes and wires', () => {
    const after = base();
    after.nodes.splice(1, 1);
    after.edges = [];
    after.nodes.push({ id: 'drop-1', type: 'showflow.drop', typeVersion: 1, config: {}, position: { x: 0, y: 0 } });
    expect(diffDocuments(base(), after, (t) => titles[t]).map((c) => `${c.kind} ${c.what}`)).toEqual([
      'removed Denoise (denoise-1)',
      'added Micro-drop (drop-1)',
      'removed cam-1.frame → denoise-1.frame',
    ]);
  });

  it('shows long values cut short', () => {
    expect(showValue('x'.repeat(200))).toHaveLength(80);
    expect(showValue([{ sku: 'CAP' }])).toBe('[{"sku":"CAP"}]');
  });

  it('lists groups and comments added, removed and changed, and ignores a moved comment', () => {
    const before = { ...base(), groups: [{ id: 'g1', label: 'Cams', colour: 'blue' as const, nodes: ['cam-1'] }], comments: [{ id: 'c1', text: 'old note', position: { x: 0, y: 0 }, size: { width: 200, height: 100 } }] };
    const after = {
      ...base(),
      groups: [{ id: 'g1', label: 'Cameras', colour: 'blue' as const, nodes: ['cam-1', 'denoise-1'] }],
      comments: [{ id: 'c2', text: 'new', position: { x: 0, y: 0 }, size: { width: 200, height: 100 } }],
    };
    expect(diffDocuments(before, after).map((c) => [c.kind, c.subject, c.what, c.field ?? ''])).toEqual([
      ['changed', 'group', 'Group “Cameras”', 'Label'],
      ['changed', 'group', 'Group “Cameras”', 'Nodes'],
      ['removed', 'comment', 'Comment “old note”', ''],
      ['added', 'comment', 'Comment “new”', ''],
    ]);
    const moved = { ...before, comments: [{ ...before.comments[0], position: { x: 90, y: 90 } }] };
    expect(diffDocuments(before, moved)).toEqual([]);
    expect(diffDocuments(base(), before).map((c) => c.what)).toEqual(['Group “Cams”: cam-1', 'Comment “old note”']);
  });
});
