import { checkConnection, findCycles, type ConnectionCheck, type PipelineDocument, type PortRef } from '@showflow/shared';
import { type Command, type CommandContext, unchanged } from '../editor-state.ts';
import { nextId } from '../ids.ts';

/**
 * Whether an edge from an output to an input may be added, and if not why. Port typing
 * comes from the shared `checkConnection`, so the editor refuses exactly what the runtime would.
 */
export function canConnect(doc: PipelineDocument, from: PortRef, to: PortRef, ctx: CommandContext): ConnectionCheck {
  if (from.node === to.node) return { ok: false, reason: 'a node cannot connect to itself' };
  const source = doc.nodes.find((n) => n.id === from.node);
  const target = doc.nodes.find((n) => n.id === to.node);
  if (!source || !target) return { ok: false, reason: 'both nodes must exist' };
  const out = ctx.spec(source.type)?.outputs.find((p) => p.id === from.port);
  const input = ctx.spec(target.type)?.inputs.find((p) => p.id === to.port);
  if (!out) return { ok: false, reason: `${source.id} has no output "${from.port}"` };
  if (!input) return { ok: false, reason: `${target.id} has no input "${to.port}"` };
  const typed = checkConnection(out.type, input.type);
  if (!typed.ok) return typed;
  const into = doc.edges.filter((e) => e.to.node === to.node && e.to.port === to.port);
  if (into.some((e) => e.from.node === from.node && e.from.port === from.port)) return { ok: false, reason: 'these ports are already connected' };
  if (into.length && !input.multiple) return { ok: false, reason: `input ${input.label ?? input.id} of ${target.id} accepts one connection` };
  const probe = { nodes: doc.nodes, edges: [...doc.edges, { id: '_probe', from, to }] };
  if (findCycles(probe).length) return { ok: false, reason: 'this connection would make a cycle' };
  return { ok: true };
}

export const connect: Command<{ from: PortRef; to: PortRef }> = (state, { from, to }, ctx) => {
  const check = canConnect(state.doc, from, to, ctx);
  if (!check.ok) return unchanged(state, `Connection refused: ${check.reason}`);
  const id = nextId('e', new Set(state.doc.edges.map((e) => e.id)));
  const edges = [...state.doc.edges, { id, from: { ...from }, to: { ...to } }];
  return { state: { doc: { ...state.doc, edges }, selection: { nodes: [], edges: [id] } }, undoable: true };
};
