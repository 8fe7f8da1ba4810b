'use client';

import { useEffect, useState } from 'react';
import { useVersionDocument } from '../../hooks/useVersionDocument.ts';
import { diffDocuments } from '../../state/document-diff.ts';
import { useEditor, useEditorSnapshot } from '../editor/EditorContext.tsx';

// Comparing a 300-node document costs about a millisecond; not on every frame of a drag.
// Moving nodes does not change what runs, so only settings, nodes and wires count.
const COMPARE_AFTER_MS = 250;

/** "Draft differs from live (v3)": the canvas is not what viewers are watching. */
export function LiveMarker({ activeVersion, onShow }: { activeVersion: number | null; onShow(): void }) {
  const { pipelineId } = useEditor();
  const { state } = useEditorSnapshot();
  const live = useVersionDocument(pipelineId, activeVersion);
  const [differs, setDiffers] = useState<boolean | null>(null);
  useEffect(() => {
    if (!live.data) return setDiffers(null);
    const running = live.data.document;
    const timer = setTimeout(() => setDiffers(diffDocuments(running, state.doc).length > 0), COMPARE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [live.data, state.doc]);
  if (activeVersion === null || differs === null) return null;
  return differs ? (
    <button type="button" className="sf-pill sf-pill-warn sf-live-marker" data-testid="live-marker" data-differs="true" onClick={onShow} title="Show what differs">
      draft differs from live (v{activeVersion})
    </button>
  ) : (
    <span className="sf-pill sf-pill-same" data-testid="live-marker" data-differs="false">
      same as live (v{activeVersion})
    </span>
  );
}
