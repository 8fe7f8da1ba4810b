'use client';

import { useCallback, useEffect, useState } from 'react';
import type { EditorStore } from '../state/editor-store.ts';
import { dropLocalDraft, keepLocalDraft, readLocalDraft, sameDocument, type LocalDraft } from '../state/local-draft.ts';
import { replaceDocument } from '../state/commands/index.ts';

// Short enough that a crash loses at most a keystroke or two, long enough not to
// serialise a 300-node document on every pixel of a drag.
const KEEP_AFTER_MS = 300;

const storage = () => (typeof window === 'undefined' ? null : window.localStorage);

export interface LocalDraftControls {
  /** Edits kept in this browser from an earlier visit that the runtime does not have. */
  offer: LocalDraft | null;
  restore(): void;
  discard(): void;
  /** Keeps the current edits now (before leaving the page). */
  keepNow(): void;
  /** Forgets kept edits (the producer chose to leave them behind). */
  forget(): void;
}

/**
 * Keeps unsaved edits in localStorage while the canvas is dirty and offers them back the
 * next time this pipeline opens, so no way of leaving the editor loses work.
 */
export function useLocalDraft(pipelineId: string, store: EditorStore): LocalDraftControls {
  const [offer, setOffer] = useState<LocalDraft | null>(() => {
    const s = storage();
    const kept = s && readLocalDraft(s, pipelineId);
    if (!kept) return null;
    if (!sameDocument(kept.doc, store.getSnapshot().state.doc)) return kept;
    dropLocalDraft(s!, pipelineId); // the runtime already holds these edits
    return null;
  });

  const keepNow = useCallback(() => {
    const s = storage();
    const { dirty, state } = store.getSnapshot();
    if (s && dirty) keepLocalDraft(s, pipelineId, state.doc);
  }, [pipelineId, store]);

  const forget = useCallback(() => {
    const s = storage();
    if (s) dropLocalDraft(s, pipelineId);
  }, [pipelineId]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasDirty = store.getSnapshot().dirty;
    const unsubscribe = store.subscribe(() => {
      const { dirty } = store.getSnapshot();
      clearTimeout(timer);
      if (dirty) timer = setTimeout(keepNow, KEEP_AFTER_MS);
      // Saved or deployed: the runtime has the edits now.
      else if (wasDirty) forget();
      wasDirty = dirty;
    });
    window.addEventListener('pagehide', keepNow);
    return () => {
      clearTimeout(timer);
      unsubscribe();
      window.removeEventListener('pagehide', keepNow);
      // Leaving the editor inside the app (back button, a link): keep what is unsaved.
      keepNow();
    };
  }, [store, keepNow, forget]);

  const restore = useCallback(() => {
    if (offer) store.run(replaceDocument, { doc: offer.doc });
    setOffer(null);
  }, [offer, store]);

  const discard = useCallback(() => {
    forget();
    setOffer(null);
  }, [forget]);

  return { offer, restore, discard, keepNow, forget };
}
