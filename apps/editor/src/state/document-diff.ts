import type { PipelineComment, PipelineDocument, PipelineEdge, PipelineGroup, PipelineNode } from '@showflow/shared';
import { humanise } from './schema-fields.ts';

/** One change between two documents, said the way a producer would read it in a changelog. */
export interface DocumentChange {
  kind: 'added' | 'removed' | 'changed';
  /** Whose change: a node id, "wire", "pipeline", "group" or "comment". */
  subject: string;
  /** "Denoise (denoise-1)", "synthetic-capture-1.frame → denoise-1.frame", "Name". */
  what: string;
  /** For a changed value: the setting and both values, as short text. */
  field?: string;
  before?: string;
  after?: string;
}

const MAX_VALUE_CHARS = 80;

/** A value as a line of text: strings unquoted, long lists and objects cut short. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(default)';
  const text = typeof value === 'string' ? (value === '' ? '(empty)' : value) : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const nodeName = (n: PipelineNode, titleOf: (type: string) => string | undefined) => `${n.label ?? titleOf(n.type) ?? n.type} (${n.id})`;
const wire = (e: PipelineEdge) => `${e.from.node}.${e.from.port} → ${e.to.node}.${e.to.port}`;

/**
 * Field-level changes from `before` to `after`: nodes added and removed, every config
 * setting, label and type version that changed, wires added and removed, and the
 * pipeline's own name/description/parameters, then groups and comments. Positions and
 * comment sizes are left out: moving a node does not change what runs.
 */
export function diffDocuments(before: PipelineDocument, after: PipelineDocument, titleOf: (type: string) => string | undefined = () => undefined): DocumentChange[] {
  const changes: DocumentChange[] = [];
  for (const key of ['name', 'description'] as const) {
    if (!sameValue(before[key], after[key])) changes.push({ kind: 'changed', subject: 'pipeline', what: humanise(key), field: humanise(key), before: showValue(before[key]), after: showValue(after[key]) });
  }
  const params = new Set([...Object.keys(before.parameters ?? {}), ...Object.keys(after.parameters ?? {})]);
  for (const p of [...params].sort()) {
    const a = before.parameters?.[p];
    const b = after.parameters?.[p];
    if (!sameValue(a, b)) changes.push({ kind: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', subject: 'pipeline', what: `Parameter ${p}`, field: p, before: showValue(a), after: showValue(b) });
  }

  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  for (const n of before.nodes) if (!now.has(n.id)) changes.push({ kind: 'removed', subject: n.id, what: nodeName(n, titleOf) });
  for (const n of after.nodes) {
    const was = old.get(n.id);
    if (!was) {
      changes.push({ kind: 'added', subject: n.id, what: nodeName(n, titleOf) });
      continue;
    }
    const what = nodeName(n, titleOf);
    if (was.type !== n.type) changes.push({ kind: 'changed', subject: n.id, what, field: 'Type', before: was.type, after: n.type });
    if (was.typeVersion !== n.typeVersion) changes.push({ kind: 'changed', subject: n.id, what, field: 'Type version', before: `v${was.typeVersion}`, after: `v${n.typeVersion}` });
    if ((was.label ?? '') !== (n.label ?? '')) changes.push({ kind: 'changed', subject: n.id, what, field: 'Name on canvas', before: showValue(was.label ?? ''), after: showValue(n.label ?? '') });
    const keys = new Set([...Object.keys(was.config), ...Object.keys(n.config)]);
    for (const k of [...keys].sort()) {
      if (!sameValue(was.config[k], n.config[k])) changes.push({ kind: 'changed', subject: n.id, what, field: humanise(k), before: showValue(was.config[k]), after: showValue(n.config[k]) });
    }
  }

  const oldWires = new Set(before.edges.map(wire));
  const newWires = new Set(after.edges.map(wire));
  for (const w of oldWires) if (!newWires.has(w)) changes.push({ kind: 'removed', subject: 'wire', what: w });
  for (const w of newWires) if (!oldWires.has(w)) changes.push({ kind: 'added', subject: 'wire', what: w });
  changes.push(...diffAnnotations(before, after));
  return changes;
}

const groupName = (g: PipelineGroup) => `Group ${g.label ? `“${g.label}”` : g.id}`;
const commentName = (c: PipelineComment) => `Comment “${showValue(c.text.split('\n')[0] || '(empty)').slice(0, 40)}”`;

/** Groups and comments change no behaviour, but a reader of the changelog wants to see them. */
function diffAnnotations(before: PipelineDocument, after: PipelineDocument): DocumentChange[] {
  const changes: DocumentChange[] = [];
  const oldGroups = new Map((before.groups ?? []).map((g) => [g.id, g]));
  const newGroups = new Set((after.groups ?? []).map((g) => g.id));
  for (const g of before.groups ?? []) if (!newGroups.has(g.id)) changes.push({ kind: 'removed', subject: 'group', what: groupName(g) });
  for (const g of after.groups ?? []) {
    const was = oldGroups.get(g.id);
    if (!was) {
      changes.push({ kind: 'added', subject: 'group', what: `${groupName(g)}: ${g.nodes.join(', ')}` });
      continue;
    }
    const what = groupName(g);
    if (was.label !== g.label) changes.push({ kind: 'changed', subject: 'group', what, field: 'Label', before: showValue(was.label), after: showValue(g.label) });
    if (was.colour !== g.colour) changes.push({ kind: 'changed', subject: 'group', what, field: 'Colour', before: was.colour, after: g.colour });
    if (!sameValue([...was.nodes].sort(), [...g.nodes].sort())) changes.push({ kind: 'changed', subject: 'group', what, field: 'Nodes', before: showValue(was.nodes.join(', ')), after: showValue(g.nodes.join(', ')) });
  }
  const oldComments = new Map((before.comments ?? []).map((c) => [c.id, c]));
  const newComments = new Set((after.comments ?? []).map((c) => c.id));
  for (const c of before.comments ?? []) if (!newComments.has(c.id)) changes.push({ kind: 'removed', subject: 'comment', what: commentName(c) });
  for (const c of after.comments ?? []) {
    const was = oldComments.get(c.id);
    if (!was) changes.push({ kind: 'added', subject: 'comment', what: commentName(c) });
    else if (was.text !== c.text) changes.push({ kind: 'changed', subject: 'comment', what: commentName(was), field: 'Text', before: showValue(was.text), after: showValue(c.text) });
  }
  return changes;
}
