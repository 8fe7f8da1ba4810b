import type { PipelineNode } from '@showflow/shared';
import { type Command, unchanged } from '../editor-state.ts';
import { nextId, prefixForType } from '../ids.ts';

type XY = { x: number; y: number };

/** Drops a node of `type` with the catalog's defaults, and selects it. */
export const addNode: Command<{ type: string; position: XY }> = (state, { type, position }, ctx) => {
  const spec = ctx.spec(type);
  if (!spec) return unchanged(state, `no node type "${type}" is installed`);
  const id = nextId(prefixForType(type), new Set(state.doc.nodes.map((n) => n.id)));
  const node: PipelineNode = {
    id,
    type,
    typeVersion: spec.typeVersion,
    config: structuredClone(spec.defaults),
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
  return {
    state: { doc: { ...state.doc, nodes: [...state.doc.nodes, node] }, selection: { nodes: [id], edges: [] } },
    undoable: true,
  };
};

/**
 * Moves nodes. Mid-drag moves are transient (`final: false`); the move at drag end is the
 * undo step, so one drag is one undo however many pointer events it took.
 */
export const moveNodes: Command<{ positions: Record<string, XY>; final: boolean }> = (state, { positions, final }) => {
  let changed = false;
  const nodes = state.doc.nodes.map((n) => {
    const to = positions[n.id];
    if (!to || (to.x === n.position.x && to.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: to.x, y: to.y } };
  });
  const doc = changed ? { ...state.doc, nodes } : state.doc;
  return { state: changed ? { ...state, doc } : state, undoable: final };
};

export const updateConfig: Command<{ nodeId: string; config: Record<string, unknown> }> = (state, { nodeId, config }) =>
  replaceNode(state, nodeId, (n) => ({ ...n, config }));

export const renameNode: Command<{ nodeId: string; label: string }> = (state, { nodeId, label }) =>
  replaceNode(state, nodeId, (n) => {
    const { label: _old, ...rest } = n;
    return label.trim() ? { ...rest, label: label.trim() } : rest;
  });

function replaceNode(state: Parameters<Command<unknown>>[0], nodeId: string, edit: (n: PipelineNode) => PipelineNode) {
  const index = state.doc.nodes.findIndex((n) => n.id === nodeId);
  if (index < 0) return unchanged(state, `no node "${nodeId}"`);
  const nodes = state.doc.nodes.slice();
  nodes[index] = edit(nodes[index]);
  return { state: { ...state, doc: { ...state.doc, nodes } }, undoable: true };
}
