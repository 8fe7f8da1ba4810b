'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useLeaveGuard } from '../../hooks/useLeaveGuard.ts';
import { useLocalDraft } from '../../hooks/useLocalDraft.ts';
import { useUnsavedGuard } from '../../hooks/useUnsavedGuard.ts';
import { useEditor, useEditorSnapshot } from './EditorContext.tsx';
import './navigation.css';

/**
 * Unsaved edits never vanish: they are kept in this browser while dirty (offered back on
 * the next visit), an in-app link asks first, and closing the tab asks the browser's way.
 */
export function NavigationGuard({ save }: { save(): Promise<unknown> }) {
  const { pipelineId, store } = useEditor();
  const { dirty } = useEditorSnapshot();
  const router = useRouter();
  const draft = useLocalDraft(pipelineId, store);
  const leave = useLeaveGuard(dirty);
  const [saving, setSaving] = useState(false);
  useUnsavedGuard(dirty);

  const go = (href: string) => {
    leave.clear();
    router.push(href);
  };

  return (
    <>
      {draft.offer && (
        <div className="sf-draft-offer" role="status" data-testid="draft-offer">
          <span>
            Unsaved edits from {new Date(draft.offer.keptAt).toLocaleString()} were kept in this browser ({draft.offer.doc.nodes.length} nodes).
          </span>
          <button type="button" className="sf-btn sf-btn-small sf-btn-primary" data-testid="draft-restore" onClick={draft.restore}>
            Restore them
          </button>
          <button type="button" className="sf-btn sf-btn-small" data-testid="draft-discard" onClick={draft.discard}>
            Discard
          </button>
        </div>
      )}
      {leave.pending && (
        <div className="sf-modal-backdrop">
          <div className="sf-modal" role="alertdialog" aria-labelledby="leave-title" data-testid="leave-dialog">
            <h2 id="leave-title">Leave with unsaved edits?</h2>
            <p>The canvas has changes the runtime does not have yet.</p>
            <div className="sf-modal-actions">
              <button
                type="button"
                className="sf-btn sf-btn-primary"
                data-testid="leave-save"
                disabled={saving}
                onClick={async () => {
                  setSaving(true);
                  await save();
                  setSaving(false);
                  // A failed save already said why; stay so nothing is lost.
                  if (!store.getSnapshot().dirty) go(leave.pending!);
                }}
              >
                {saving ? 'Saving…' : 'Save draft and leave'}
              </button>
              <button
                type="button"
                className="sf-btn"
                data-testid="leave-discard"
                onClick={() => {
                  draft.forget();
                  go(leave.pending!);
                }}
              >
                Leave without saving
              </button>
              <button type="button" className="sf-btn" data-testid="leave-stay" autoFocus onClick={leave.clear}>
                Stay
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
