'use client';

import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import type { ShowflowFlowEdge } from '../../state/flow-adapter.ts';
import { formatRate } from '../../state/budget.ts';
import { DETAIL_ZOOM } from '../../state/readout.ts';
import { useEdgeRate } from '../../hooks/useMetrics.ts';
import { useEditor } from '../editor/EditorContext.tsx';

/** An edge coloured by what it carries, labelled with live messages per second. */
export const ThroughputEdge = memo(function ThroughputEdge(props: EdgeProps<ShowflowFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const type = props.data?.portType ?? 'unknown';
  return (
    <>
      <BaseEdge id={props.id} path={path} className={`sf-edge sf-edge-${type}${props.selected ? ' is-selected' : ''}`} />
      <EdgeRateWhenNear edgeId={props.id} x={labelX} y={labelY} />
    </>
  );
});

const isZoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

/** Zoomed out, rates are unreadable: the label unmounts and stops listening. */
function EdgeRateWhenNear(props: { edgeId: string; x: number; y: number }) {
  return useStore(isZoomedOut) ? null : <EdgeRate {...props} />;
}

function EdgeRate({ edgeId, x, y }: { edgeId: string; x: number; y: number }) {
  const { metrics } = useEditor();
  // Rounded in the selector so an update that moves no visible digit renders nothing.
  const rate = useEdgeRate(metrics, edgeId, formatRate);
  if (rate === undefined) return null;
  return (
    <EdgeLabelRenderer>
      <div className="sf-edge-rate" style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }} data-testid={`edge-rate-${edgeId}`}>
        {`${rate}/s`}
      </div>
    </EdgeLabelRenderer>
  );
}
