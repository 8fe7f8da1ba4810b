import type { PipelineDocument } from '@showflow/shared';

export const HISTORY_LIMIT = 100;

/**
 * Undo history over immutable documents. `base` is the document after the last undoable
 * step: transient changes move the current document away from it without recording, and
 * the next undoable step records `base`, so a whole drag undoes in one step.
 */
export interface History {
  readonly past: readonly PipelineDocument[];
  readonly future: readonly PipelineDocument[];
  readonly base: PipelineDocument;
}

export function createHistory(doc: PipelineDocument): History {
  return { past: [], future: [], base: doc };
}

export function commit(history: History, doc: PipelineDocument, limit = HISTORY_LIMIT): History {
  if (doc === history.base) return history;
  const past = [...history.past, history.base];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, future: [], base: doc };
}

export function undo(history: History, current: PipelineDocument): { history: History; doc: PipelineDocument } | null {
  // An uncommitted transient change is undone first, back to its base.
  if (current !== history.base) return { history: { ...history, future: [current, ...history.future] }, doc: history.base };
  const doc = history.past[history.past.length - 1];
  if (!doc) return null;
  return { history: { past: history.past.slice(0, -1), future: [current, ...history.future], base: doc }, doc };
}

export function redo(history: History, current: PipelineDocument): { history: History; doc: PipelineDocument } | null {
  const [doc, ...future] = history.future;
  if (!doc) return null;
  const past = current === history.base ? [...history.past, current] : [...history.past, history.base];
  return { history: { past, future, base: doc }, doc };
}
