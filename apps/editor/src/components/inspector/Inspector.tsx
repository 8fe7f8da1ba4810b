'use client';

import type { NodeSpec, PipelineNode } from '@showflow/shared';
import { renameNode, updateConfig } from '../../state/commands/index.ts';
import { useConfigIssues } from '../../hooks/useConfigIssues.ts';
import { useEditor, useEditorSnapshot } from '../editor/EditorContext.tsx';
import { LatencySparkline } from './LatencySparkline.tsx';
import { PortData } from './PortData.tsx';
import { PreviewFrame } from './PreviewFrame.tsx';
import { GenerativeSection } from './generative/GenerativeSection.tsx';
import { GENERATIVE_OVERLAY_TYPE } from './generative/node-type.ts';
import { SchemaForm } from './SchemaForm.tsx';

/** Settings, live latency and the latest preview frame of the selected node. */
export function Inspector() {
  const { specs } = useEditor();
  const { state } = useEditorSnapshot();
  const ids = state.selection.nodes;
  if (ids.length !== 1) {
    return (
      <div className="sf-inspector sf-muted" data-testid="inspector-empty">
        {ids.length ? `${ids.length} nodes selected` : 'Select a node to edit its settings.'}
      </div>
    );
  }
  const node = state.doc.nodes.find((n) => n.id === ids[0]);
  if (!node) return null;
  return <NodeInspector key={node.id} node={node} spec={specs.find((s) => s.type === node.type)} />;
}

function NodeInspector({ node, spec }: { node: PipelineNode; spec: NodeSpec | undefined }) {
  const { store, metrics, pipelineId } = useEditor();
  const issues = useConfigIssues(spec, node.config);
  return (
    <div className="sf-inspector" data-testid="inspector">
      <header>
        <h2>{spec?.title ?? node.type}</h2>
        <code>
          {node.id} · {node.type} v{node.typeVersion}
        </code>
        {spec && <p className="sf-hint">{spec.description}</p>}
      </header>
      <div className="sf-field">
        <label htmlFor="node-label">Name on canvas</label>
        <input
          id="node-label"
          className="sf-input"
          data-testid="node-label"
          placeholder={spec?.title}
          value={node.label ?? ''}
          onChange={(e) => store.run(renameNode, { nodeId: node.id, label: e.target.value })}
        />
      </div>
      {spec ? (
        <SchemaForm
          schema={spec.configSchema}
          value={node.config}
          issues={issues}
          onChange={(config) => store.run(updateConfig, { nodeId: node.id, config })}
        />
      ) : (
        <p className="sf-field-error">The runtime has no node type {node.type}.</p>
      )}
      {node.type === GENERATIVE_OVERLAY_TYPE && (
        <>
          <h3>Variations</h3>
          <GenerativeSection pipelineId={pipelineId} nodeId={node.id} />
        </>
      )}
      {spec && (
        <>
          <h3>What it sends</h3>
          <PortData store={metrics} pipelineId={pipelineId} nodeId={node.id} spec={spec} />
        </>
      )}
      <h3>Latency, last minute</h3>
      <LatencySparkline store={metrics} nodeId={node.id} budgetMs={spec?.budgetMs ?? 0} />
      <h3>Preview</h3>
      <PreviewFrame pipelineId={pipelineId} nodeId={node.id} />
    </div>
  );
}
