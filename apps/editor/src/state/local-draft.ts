import { PipelineDocument } from '@showflow/shared';

/**
 * Unsaved edits kept in this browser until the runtime has them, so leaving the editor by
 * any road (back button, a link, a crash, closing the tab) never loses work. One entry per
 * pipeline; it is removed once the edits are saved, deployed or knowingly discarded.
 */
export interface LocalDraft {
  pipelineId: string;
  /** When the edits were last kept (ms since epoch). */
  keptAt: number;
  doc: PipelineDocument;
}

/** The same limit the runtime puts on a document body; a bigger draft is not kept. */
export const MAX_LOCAL_DRAFT_CHARS = 2_000_000;

const keyOf = (pipelineId: string) => `showflow:draft:${pipelineId}`;

export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Keeps `doc`; false when it is too big or storage refuses (full, private mode). */
export function keepLocalDraft(storage: DraftStorage, pipelineId: string, doc: PipelineDocument, now = Date.now()): boolean {
  const text = JSON.stringify({ pipelineId, keptAt: now, doc } satisfies LocalDraft);
  if (text.length > MAX_LOCAL_DRAFT_CHARS) return false;
  try {
    storage.setItem(keyOf(pipelineId), text);
    return true;
  } catch {
    return false;
  }
}

/** The kept draft, or null when there is none or it is not a valid document (then it is dropped). */
export function readLocalDraft(storage: DraftStorage, pipelineId: string): LocalDraft | null {
  const text = storage.getItem(keyOf(pipelineId));
  if (!text) return null;
  try {
    const raw = JSON.parse(text) as Partial<LocalDraft>;
    const doc = PipelineDocument.safeParse(raw.doc);
    if (raw.pipelineId === pipelineId && typeof raw.keptAt === 'number' && doc.success && doc.data.id === pipelineId) {
      return { pipelineId, keptAt: raw.keptAt, doc: doc.data };
    }
  } catch {
    // Falls through: an unreadable entry is worth nothing.
  }
  storage.removeItem(keyOf(pipelineId));
  return null;
}

export function dropLocalDraft(storage: DraftStorage, pipelineId: string): void {
  storage.removeItem(keyOf(pipelineId));
}

/** Whether two documents hold the same graph (key order aside). */
export function sameDocument(a: PipelineDocument, b: PipelineDocument): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y))) : v,
  );
}
