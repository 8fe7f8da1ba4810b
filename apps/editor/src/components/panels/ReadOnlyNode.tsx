'use client';

import { showValue } from '../../state/document-diff.ts';
import { humanise } from '../../state/schema-fields.ts';
import { useEditor, useEditorSnapshot } from '../editor/EditorContext.tsx';

/** The selected node's settings as they were in this version (every default spelled out). */
export function ReadOnlyNode() {
  const { specs } = useEditor();
  const { state } = useEditorSnapshot();
  const id = state.selection.nodes.length === 1 ? state.selection.nodes[0] : null;
  const node = id ? state.doc.nodes.find((n) => n.id === id) : undefined;
  if (!node) return <p className="sf-muted">Select a node to see its settings in this version.</p>;
  const spec = specs.find((s) => s.type === node.type);
  const config = { ...(spec?.defaults ?? {}), ...node.config };
  return (
    <div data-testid="readonly-node">
      <h2>{node.label ?? spec?.title ?? node.type}</h2>
      <code>
        {node.id} · {node.type} v{node.typeVersion}
      </code>
      <dl className="sf-readonly-config">
        {Object.entries(config).map(([k, v]) => (
          <div key={k} data-testid={`readonly-setting-${k}`}>
            <dt>{humanise(k)}</dt>
            <dd>{showValue(v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
