'use client';

import { useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { PipelineDocument } from '@showflow/shared';
import { useVersionDocument } from '../../hooks/useVersionDocument.ts';
import { diffDocuments } from '../../state/document-diff.ts';
import { EditorStore } from '../../state/editor-store.ts';
import { MetricsStore } from '../../state/metrics-store.ts';
import { Canvas } from '../canvas/Canvas.tsx';
import { EditorContextProvider, useEditor, useEditorSnapshot, type EditorContextValue } from '../editor/EditorContext.tsx';
import { ChangeList } from './ChangeList.tsx';
import { ReadOnlyNode } from './ReadOnlyNode.tsx';

interface Props {
  version: number;
  onClose(): void;
  onRollback(version: number): void;
  busy: boolean;
}

/**
 * A deployed version on its own canvas, read-only: what it ran, its settings per node, and
 * how the canvas differs from it. Edits are impossible here; rolling back is one click.
 */
export function VersionViewer({ version, onClose, onRollback, busy }: Props) {
  const outer = useEditor();
  const { data, error } = useVersionDocument(outer.pipelineId, version);
  return (
    <div className="sf-readonly-view" data-testid="version-viewer" role="dialog" aria-label={`Version ${version}, read-only`}>
      <div className="sf-readonly-bar">
        <strong>v{version} · read-only</strong>
        {data && <span className="sf-muted">deployed {new Date(data.createdAt).toLocaleString()}</span>}
        <span style={{ flex: 1 }} />
        <button type="button" className="sf-btn" data-testid="viewer-rollback" disabled={busy} onClick={() => onRollback(version)}>
          Roll back to v{version}
        </button>
        <button type="button" className="sf-btn sf-btn-primary" data-testid="viewer-close" onClick={onClose}>
          Back to the draft
        </button>
      </div>
      {error ? <p className="sf-field-error">{error.message}</p> : data ? <ReadOnlyBody doc={data.document} /> : <p className="sf-muted">Loading v{version}…</p>}
    </div>
  );
}

function ReadOnlyBody({ doc }: { doc: PipelineDocument }) {
  const outer = useEditor();
  const draft = useEditorSnapshot().state.doc;
  // Its own store: selecting a node here never touches the draft or its undo history.
  const [store] = useState(() => new EditorStore(doc, outer.commandContext));
  const [metrics] = useState(() => new MetricsStore());
  const context: EditorContextValue = useMemo(() => ({ ...outer, store, metrics, problemNodes: new Set<string>() }), [outer, store, metrics]);
  const changes = useMemo(() => diffDocuments(doc, draft, (t) => outer.specs.find((s) => s.type === t)?.title), [doc, draft, outer.specs]);
  return (
    <EditorContextProvider value={context}>
      <div className="sf-readonly-body">
        <ReactFlowProvider>
          <Canvas readOnly />
        </ReactFlowProvider>
        <aside className="sf-readonly-side">
          <ReadOnlyNode />
          <h3>From this version to the canvas</h3>
          <ChangeList changes={changes} testId="viewer-changes" />
        </aside>
      </div>
    </EditorContextProvider>
  );
}
