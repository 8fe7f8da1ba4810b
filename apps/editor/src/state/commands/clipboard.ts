import type { PipelineEdge, PipelineNode } from '@showflow/shared';
import type { Command, EditorState } from '../editor-state.ts';
import { nextId, prefixForType } from '../ids.ts';

/** What copy puts on the clipboard: the selected nodes and the edges between them. */
export interface ClipboardContent {
  kind: 'showflow/nodes';
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

export function copySelection(state: EditorState): ClipboardContent | null {
  const ids = new Set(state.selection.nodes);
  if (!ids.size) return null;
  return {
    kind: 'showflow/nodes',
    nodes: structuredClone(state.doc.nodes.filter((n) => ids.has(n.id))),
    edges: structuredClone(state.doc.edges.filter((e) => ids.has(e.from.node) && ids.has(e.to.node))),
  };
}

export function isClipboardContent(value: unknown): value is ClipboardContent {
  const v = value as ClipboardContent | null;
  return !!v && v.kind === 'showflow/nodes' && Array.isArray(v.nodes) && Array.isArray(v.edges);
}

/** Pastes copies under fresh ids, shifted by `offset`, and selects them. */
export const paste: Command<{ content: ClipboardContent; offset?: { x: number; y: number } }> = (state, { content, offset }) => {
  if (!content.nodes.length) return { state, undoable: false };
  const shift = offset ?? { x: 40, y: 40 };
  const nodeIds = new Set(state.doc.nodes.map((n) => n.id));
  const edgeIds = new Set(state.doc.edges.map((e) => e.id));
  const renamed = new Map<string, string>();
  const nodes = content.nodes.map((n) => {
    const id = nextId(prefixForType(n.type), nodeIds);
    nodeIds.add(id);
    renamed.set(n.id, id);
    return { ...structuredClone(n), id, position: { x: n.position.x + shift.x, y: n.position.y + shift.y } };
  });
  const edges = content.edges
    .filter((e) => renamed.has(e.from.node) && renamed.has(e.to.node))
    .map((e) => {
      const id = nextId('e', edgeIds);
      edgeIds.add(id);
      return { id, from: { node: renamed.get(e.from.node)!, port: e.from.port }, to: { node: renamed.get(e.to.node)!, port: e.to.port } };
    });
  return {
    state: {
      doc: { ...state.doc, nodes: [...state.doc.nodes, ...nodes], edges: [...state.doc.edges, ...edges] },
      selection: { nodes: nodes.map((n) => n.id), edges: edges.map((e) => e.id) },
    },
    undoable: true,
  };
};
