import type { PipelineNode, PortRef } from '@showflow/shared';
import { canConnect, connect } from './edges.ts';
import { copySelection, paste } from './clipboard.ts';
import { freeOffset } from './placement.ts';
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
 * Adds a node where a wire was dropped and wires it the same way as drawing by hand: a wire
 * pulled from an output (`from`) goes to the new node's first input that takes it; one pulled
 * from an input (`to`) comes from the new node's first output that fits it. One undo step; if
 * no port fits, the node stays, unconnected, and the notice says why.
 */
export const addNodeConnected: Command<{ type: string; position: XY } & ({ from: PortRef; to?: never } | { to: PortRef; from?: never })> = (state, args, ctx) => {
  const { type, position } = args;
  const added = addNode(state, { type, position }, ctx);
  if (!added.undoable) return added;
  const id = added.state.selection.nodes[0];
  const spec = ctx.spec(type);
  const wire = args.from
    ? spec?.inputs.map((p) => ({ from: args.from, to: { node: id, port: p.id } }))
    : spec?.outputs.map((p) => ({ from: { node: id, port: p.id }, to: args.to! }));
  const fitting = wire?.find((w) => canConnect(added.state.doc, w.from, w.to, ctx).ok);
  if (!fitting) {
    const end = args.from ? `no input that takes ${args.from.node}.${args.from.port}` : `no output that fits ${args.to!.node}.${args.to!.port}`;
    return { ...added, notice: `${spec?.title ?? type} has ${end}` };
  }
  const wired = connect(added.state, fitting, ctx);
  return { state: { ...wired.state, selection: { nodes: [id], edges: wired.state.selection.edges } }, undoable: true };
};

/**
 * Copies of `nodes` (and the wires between them) next to the originals, on free canvas
 * (never on top of another node), selected. `sizes` are the canvas's measured node boxes.
 */
export const duplicateNodes: Command<{ nodes: readonly string[]; sizes?: Record<string, { width: number; height: number }> }> = (state, { nodes, sizes }, ctx) => {
  const content = copySelection({ ...state, selection: { nodes, edges: [] } });
  if (!content) return unchanged(state);
  // The copies take the originals' sizes: same type, same config.
  return paste(state, { content, offset: freeOffset(content.nodes, state.doc.nodes, sizes) }, ctx);
};
