'use client';

import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { PortSpec } from '@showflow/shared';
import type { ShowflowFlowNode } from '../../state/flow-adapter.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { NodeMetricsBadge } from './NodeMetricsBadge.tsx';
import { NodeStatusLine } from './NodeStatusLine.tsx';
import { NodeThumbnail } from './thumbnails/NodeThumbnail.tsx';

/** One pipeline node on the canvas: title, typed ports, live readout. */
export const PipelineNodeView = memo(function PipelineNodeView({ id, data, selected }: NodeProps<ShowflowFlowNode>) {
  const { metrics } = useEditor();
  const { node, spec, hasProblem } = data;
  const classes = ['sf-node', `sf-cat-${spec?.category ?? 'unknown'}`, selected && 'is-selected', hasProblem && 'has-problem'];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid={`node-${id}`} data-problem={hasProblem || undefined}>
      <div className="sf-node-head">
        {/* The node type's own description is its help, on hover. */}
        <span className="sf-node-title" title={spec ? `${spec.title}: ${spec.description}` : undefined}>
          {node.label ?? spec?.title ?? node.type}
        </span>
        <span className="sf-node-id">{id}</span>
      </div>
      {!spec && <div className="sf-node-missing">unknown type {node.type}</div>}
      <div className="sf-ports">
        <div className="sf-ports-col">
          {spec?.inputs.map((p) => <Port key={p.id} port={p} side="in" />)}
        </div>
        <div className="sf-ports-col sf-ports-out">
          {spec?.outputs.map((p) => <Port key={p.id} port={p} side="out" />)}
        </div>
      </div>
      {hasPictureOutput(spec) && <NodeThumbnail nodeId={id} />}
      <NodeMetricsBadge store={metrics} nodeId={id} budgetMs={spec?.budgetMs} />
      {hasAudioPort(spec) && <NodeStatusLine store={metrics} nodeId={id} />}
    </div>
  );
});

/** Audio nodes read out levels (meters, loudness, ducking) in their status line. */
function hasAudioPort(spec: { inputs: PortSpec[]; outputs: PortSpec[] } | undefined): boolean {
  return Boolean(spec && [...spec.inputs, ...spec.outputs].some((p) => p.type === 'audio'));
}

/** Nodes that put out frames or images have a picture worth a thumbnail. */
function hasPictureOutput(spec: { outputs: PortSpec[] } | undefined): boolean {
  return Boolean(spec?.outputs.some((p) => p.type === 'frame' || p.type === 'image'));
}

function Port({ port, side }: { port: PortSpec; side: 'in' | 'out' }) {
  return (
    <div className={`sf-port sf-port-${side}`} title={`${port.id}: ${port.type}`}>
      <Handle
        id={port.id}
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        className={`sf-handle sf-type-${port.type}`}
      />
      <span>{port.label ?? port.id}</span>
      <em>{port.type}</em>
    </div>
  );
}
