import type { PipelineNode, PortRef } from '@showflow/shared';
import { canConnect, connect } from './edges.ts';
import { copySelection, paste } from './clipboard.ts';
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

/**
 * Adds a node where a wire was dropped and connects the wire to the node's first input that
 * takes it (the same check as drawing the wire by hand). One undo step; if no input takes
 * the wire the node stays, unconnected, and the notice says why.
 */
export const addNodeConnected: Command<{ type: string; position: XY; from: PortRef }> = (state, { type, position, from }, ctx) => {
  const added = addNode(state, { type, position }, ctx);
  if (!added.undoable) return added;
  const id = added.state.selection.nodes[0];
  const inputs = ctx.spec(type)?.inputs ?? [];
  const port = inputs.find((p) => canConnect(added.state.doc, from, { node: id, port: p.id }, ctx).ok);
  if (!port) return { ...added, notice: `${ctx.spec(type)?.title ?? type} has no input that takes ${from.node}.${from.port}` };
  const wired = connect(added.state, { from, to: { node: id, port: port.id } }, ctx);
  return { state: { ...wired.state, selection: { nodes: [id], edges: wired.state.selection.edges } }, undoable: true };
};

/** Copies of `nodes` (and the wires between them) next to the originals, selected. */
export const duplicateNodes: Command<{ nodes: readonly string[] }> = (state, { nodes }, ctx) => {
  const content = copySelection({ ...state, selection: { nodes, edges: [] } });
  return content ? paste(state, { content }, ctx) : unchanged(state);
};
