'use client';

import { useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { autoLayout } from '../../state/commands/index.ts';
import { DeployProgressLabel } from '../live/DeployProgress.tsx';
import { documentFileName, serialiseDocument } from '../../state/document-file.ts';
import type { FlowAdapter } from '../../state/flow-adapter.ts';
import { useEditor, useEditorSnapshot } from './EditorContext.tsx';

interface Props {
  adapter: FlowAdapter;
  busy: string | null;
  onSave(): void;
  onValidate(): void;
  /** `note` says why, in the versions list (optional, up to 500 characters). */
  onDeploy(note?: string): Promise<boolean>;
  onImport(text: string): void;
}

/** The runtime keeps up to 500 characters of a deploy note. */
const DEPLOY_NOTE_MAX = 500;

export function Toolbar({ adapter, busy, onSave, onValidate, onDeploy, onImport }: Props) {
  const { store } = useEditor();
  const { canUndo, canRedo, dirty } = useEditorSnapshot();
  const flow = useReactFlow();
  const fileInput = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState('');
  const deploy = async () => {
    // Kept when the deploy failed, so the producer does not type it twice.
    if (await onDeploy(note.trim() || undefined)) setNote('');
  };

  const exportFile = () => {
    const doc = store.getSnapshot().state.doc;
    const url = URL.createObjectURL(new Blob([serialiseDocument(doc)], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: documentFileName(doc) });
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <>
      <button type="button" className="sf-btn" data-testid="undo" disabled={!canUndo} onClick={() => store.undo()} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" className="sf-btn" data-testid="redo" disabled={!canRedo} onClick={() => store.redo()} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button type="button" className="sf-btn" data-testid="layout" onClick={() => store.run(autoLayout, { sizes: adapter.sizeMap() })} title="Auto-layout (L)">
        Layout
      </button>
      <button type="button" className="sf-btn" onClick={() => void flow.fitView({ duration: 200, maxZoom: 1, padding: 0.15 })} title="Fit view (F)">
        Fit
      </button>
      <span className="sf-sep" />
      <button type="button" className="sf-btn" data-testid="import" onClick={() => fileInput.current?.click()}>
        Import
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onImport(await file.text());
        }}
      />
      <button type="button" className="sf-btn" data-testid="export" onClick={exportFile}>
        Export
      </button>
      <span className="sf-sep" />
      <button type="button" className="sf-btn" data-testid="validate" disabled={!!busy} onClick={onValidate}>
        Validate
      </button>
      <button type="button" className="sf-btn" data-testid="save" disabled={!!busy || !dirty} onClick={onSave} title="Save draft (Ctrl+S)">
        {busy === 'Save' ? 'Saving…' : 'Save'}
      </button>
      <input
        className="sf-input sf-deploy-note"
        data-testid="deploy-note"
        aria-label="Deploy note"
        placeholder="Deploy note (optional)"
        maxLength={DEPLOY_NOTE_MAX}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !busy) void deploy();
        }}
      />
      <button type="button" className="sf-btn sf-btn-primary" data-testid="deploy" disabled={!!busy} onClick={() => void deploy()}>
        {busy === 'Deploy' ? <DeployProgressLabel pipelineId={store.getSnapshot().state.doc.id} /> : 'Deploy'}
      </button>
    </>
  );
}
