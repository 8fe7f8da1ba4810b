import { type Command, type Selection, emptySelection } from '../editor-state.ts';
import { removeFromGroups } from './annotations.ts';

export const select: Command<Partial<Selection>> = (state, selection) => ({
  state: { ...state, selection: { nodes: selection.nodes ?? [], edges: selection.edges ?? [] } },
  undoable: false,
});

export const selectAll: Command<void> = (state) => ({
  state: { ...state, selection: { nodes: state.doc.nodes.map((n) => n.id), edges: state.doc.edges.map((e) => e.id) } },
  undoable: false,
});

/** Removes the selected nodes and edges, every edge that touched a removed node, and the nodes from their groups. */
export const deleteSelection: Command<void> = (state) => {
  const nodes = new Set(state.selection.nodes);
  const edges = new Set(state.selection.edges);
  if (!nodes.size && !edges.size) return { state, undoable: false };
  const doc = {
    ...removeFromGroups(state.doc, nodes),
    nodes: state.doc.nodes.filter((n) => !nodes.has(n.id)),
    edges: state.doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.from.node) && !nodes.has(e.to.node)),
  };
  return { state: { doc, selection: emptySelection }, undoable: true };
};
