import { describe, expect, it } from 'vitest';
import type { PipelineNode } from '@showflow/shared';
import { ctx, stateWith } from '../../test/fixtures.ts';
import { duplicateNodes } from './index.ts';
import { DEFAULT_NODE_SIZE, freeOffset } from './placement.ts';

const at = (id: string, x: number, y: number): PipelineNode => ({ id, type: 'showflow.denoise', typeVersion: 1, config: {}, position: { x, y } });
type Box = { x: number; y: number; width: number; height: number };
const box = (n: PipelineNode, sizes: Record<string, { width: number; height: number }> = {}): Box => ({ ...n.position, ...(sizes[n.id] ?? DEFAULT_NODE_SIZE) });
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('duplicate places the copy on free canvas', () => {
  it('puts a single copy right below the original when that is free', () => {
    const r = duplicateNodes(stateWith(['showflow.camera', 'showflow.denoise']), { nodes: ['denoise-2'] }, ctx);
    const [original, copy] = [r.state.doc.nodes[1], r.state.doc.nodes[2]];
    expect(copy.id).toBe('denoise-1');
    expect(copy.position.x).toBe(original.position.x);
    expect(copy.position.y).toBeGreaterThanOrEqual(original.position.y + DEFAULT_NODE_SIZE.height);
    for (const n of r.state.doc.nodes.slice(0, 2)) expect(overlap(box(copy), box(n))).toBe(false);
  });

  it('steps around occupied spots, with the measured sizes of tall nodes', () => {
    const others = [at('a', 0, 0), at('below', 0, 130), at('right', 250, 0)];
    const sizes = { a: { width: 200, height: 100 }, below: { width: 200, height: 300 } };
    const by = freeOffset([others[0]], others, sizes);
    const moved = { ...box(others[0], sizes), x: by.x, y: by.y };
    for (const n of others) expect(overlap(moved, box(n, sizes))).toBe(false);
    expect(by).not.toEqual({ x: 0, y: 0 });
  });

  it('keeps a block of copies together and wired to each other', () => {
    const s = stateWith(['showflow.camera', 'showflow.denoise', 'showflow.viewer']);
    s.doc.edges.push({ id: 'e-1', from: { node: 'camera-1', port: 'frame' }, to: { node: 'denoise-2', port: 'frame' } });
    const r = duplicateNodes(s, { nodes: ['camera-1', 'denoise-2'] }, ctx);
    const copies = r.state.doc.nodes.slice(3);
    expect(copies[1].position.x - copies[0].position.x).toBe(250);
    expect(r.state.doc.edges).toHaveLength(2);
    for (const c of copies) for (const n of r.state.doc.nodes.slice(0, 3)) expect(overlap(box(c), box(n))).toBe(false);
  });
});
