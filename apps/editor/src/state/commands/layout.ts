import { Graph, layout } from '@dagrejs/dagre';
import type { Command } from '../editor-state.ts';

const DEFAULT_SIZE = { width: 220, height: 96 };

/**
 * Lays the graph out left to right with dagre. Sizes are the measured node boxes when the
 * canvas knows them, so wide nodes do not overlap.
 */
export const autoLayout: Command<{ sizes?: Record<string, { width: number; height: number }> }> = (state, { sizes = {} }) => {
  if (!state.doc.nodes.length) return { state, undoable: false };
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of state.doc.nodes) g.setNode(n.id, { ...(sizes[n.id] ?? DEFAULT_SIZE) });
  for (const e of state.doc.edges) g.setEdge(e.from.node, e.to.node);
  layout(g);
  const nodes = state.doc.nodes.map((n) => {
    const box = g.node(n.id);
    const size = sizes[n.id] ?? DEFAULT_SIZE;
    // dagre reports centres; documents store top-left corners.
    return { ...n, position: { x: Math.round(box.x - size.width / 2), y: Math.round(box.y - size.height / 2) } };
  });
  return { state: { ...state, doc: { ...state.doc, nodes } }, undoable: true };
};
