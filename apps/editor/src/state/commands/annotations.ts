import { groupColours, type GroupColour, type PipelineComment, type PipelineDocument, type PipelineGroup } from '@showflow/shared';
import { type Command, type EditorState, unchanged } from '../editor-state.ts';
import { nextId } from '../ids.ts';

type XY = { x: number; y: number };
type Size = { width: number; height: number };

export const COMMENT_SIZE: Size = { width: 220, height: 120 };

/**
 * Groups and comments (decision 0078). A node sits in one group at most, so every command
 * here keeps that true: grouping takes nodes out of the groups they were in, and a group
 * left with no members goes.
 */
function withGroups(doc: PipelineDocument, groups: PipelineGroup[]): PipelineDocument {
  const kept = groups.filter((g) => g.nodes.length > 0);
  if (kept.length) return { ...doc, groups: kept };
  const { groups: _gone, ...rest } = doc;
  return rest;
}

function withComments(doc: PipelineDocument, comments: PipelineComment[]): PipelineDocument {
  if (comments.length) return { ...doc, comments };
  const { comments: _gone, ...rest } = doc;
  return rest;
}

const changed = (state: EditorState, doc: PipelineDocument) => ({ state: { ...state, doc }, undoable: true });

/** The document without `nodes` in any group; what deleting nodes does to groups. */
export function removeFromGroups(doc: PipelineDocument, nodes: ReadonlySet<string>): PipelineDocument {
  if (!doc.groups?.some((g) => g.nodes.some((id) => nodes.has(id)))) return doc;
  return withGroups(doc, doc.groups.map((g) => (g.nodes.some((id) => nodes.has(id)) ? { ...g, nodes: g.nodes.filter((id) => !nodes.has(id)) } : g)));
}

export function groupOf(doc: PipelineDocument, nodeId: string): PipelineGroup | undefined {
  return doc.groups?.find((g) => g.nodes.includes(nodeId));
}

/** Frames `nodes` in a new group (colours take turns), taking them out of any other group. */
export const groupNodes: Command<{ nodes: readonly string[]; label?: string }> = (state, { nodes, label }) => {
  const known = new Set(state.doc.nodes.map((n) => n.id));
  const members = [...new Set(nodes)].filter((id) => known.has(id));
  if (!members.length) return unchanged(state, 'select the nodes to group first');
  const doc = removeFromGroups(state.doc, new Set(members));
  const groups = doc.groups ?? [];
  const id = nextId('group', new Set(groups.map((g) => g.id)));
  const colour = groupColours[(groups.length + 6) % groupColours.length];
  return changed(state, withGroups(doc, [...groups, { id, label: label ?? `Group ${groups.length + 1}`, colour, nodes: members }]));
};

export const ungroup: Command<{ group: string }> = (state, { group }) => {
  if (!state.doc.groups?.some((g) => g.id === group)) return unchanged(state);
  return changed(state, withGroups(state.doc, state.doc.groups.filter((g) => g.id !== group)));
};

export const addToGroup: Command<{ group: string; nodes: readonly string[] }> = (state, { group, nodes }) => {
  if (!state.doc.groups?.some((g) => g.id === group)) return unchanged(state, `no group "${group}"`);
  const doc = removeFromGroups(state.doc, new Set(nodes));
  const known = new Set(doc.nodes.map((n) => n.id));
  const adding = nodes.filter((id) => known.has(id));
  return changed(state, withGroups(doc, (doc.groups ?? []).map((g) => (g.id === group ? { ...g, nodes: [...g.nodes, ...adding] } : g))));
};

export const removeFromGroup: Command<{ nodes: readonly string[] }> = (state, { nodes }) => {
  const doc = removeFromGroups(state.doc, new Set(nodes));
  return doc === state.doc ? unchanged(state) : changed(state, doc);
};

/** Renames (trimmed, at most 80 characters) or recolours a group. */
export const updateGroup: Command<{ group: string; label?: string; colour?: GroupColour }> = (state, { group, label, colour }) => {
  const target = state.doc.groups?.find((g) => g.id === group);
  if (!target) return unchanged(state, `no group "${group}"`);
  const next = { ...target, ...(label !== undefined ? { label: label.trim().slice(0, 80) } : {}), ...(colour ? { colour } : {}) };
  if (next.label === target.label && next.colour === target.colour) return unchanged(state);
  return changed(state, withGroups(state.doc, state.doc.groups!.map((g) => (g.id === group ? next : g))));
};

/** Moves every member of a group by `by`; like a node drag, only the final move is an undo step. */
export const moveGroup: Command<{ group: string; by: XY; final: boolean }> = (state, { group, by, final }) => {
  const members = new Set(state.doc.groups?.find((g) => g.id === group)?.nodes ?? []);
  const dx = Math.round(by.x);
  const dy = Math.round(by.y);
  if (!members.size || (!dx && !dy)) return { state, undoable: final };
  const nodes = state.doc.nodes.map((n) => (members.has(n.id) ? { ...n, position: { x: n.position.x + dx, y: n.position.y + dy } } : n));
  return { state: { ...state, doc: { ...state.doc, nodes } }, undoable: final };
};

export const addComment: Command<{ position: XY; text?: string }> = (state, { position, text = '' }) => {
  const comments = state.doc.comments ?? [];
  const id = nextId('comment', new Set(comments.map((c) => c.id)));
  const comment: PipelineComment = { id, text, position: { x: Math.round(position.x), y: Math.round(position.y) }, size: { ...COMMENT_SIZE } };
  return changed(state, withComments(state.doc, [...comments, comment]));
};

/**
 * Edits a comment's text (cut to 2,000 characters), place or size. `final: false` marks a
 * mid-drag or mid-resize step, applied without an undo step.
 */
export const updateComment: Command<{ id: string; text?: string; position?: XY; size?: Size; final?: boolean }> = (state, { id, text, position, size, final = true }) => {
  const comments = state.doc.comments ?? [];
  const index = comments.findIndex((c) => c.id === id);
  if (index < 0) return unchanged(state, `no comment "${id}"`);
  const was = comments[index];
  const round = (p: XY) => ({ x: Math.round(p.x), y: Math.round(p.y) });
  const clampSide = (v: number) => Math.min(4000, Math.max(40, Math.round(v)));
  const next: PipelineComment = {
    ...was,
    ...(text !== undefined ? { text: text.slice(0, 2000) } : {}),
    ...(position ? { position: round(position) } : {}),
    ...(size ? { size: { width: clampSide(size.width), height: clampSide(size.height) } } : {}),
  };
  if (JSON.stringify(next) === JSON.stringify(was)) return { state, undoable: final };
  const list = comments.slice();
  list[index] = next;
  return { state: { ...state, doc: withComments(state.doc, list) }, undoable: final };
};

export const deleteComment: Command<{ id: string }> = (state, { id }) => {
  const comments = state.doc.comments ?? [];
  if (!comments.some((c) => c.id === id)) return unchanged(state);
  return changed(state, withComments(state.doc, comments.filter((c) => c.id !== id)));
};
