'use client';

import { memo, useCallback } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import type { ShowflowFlowEdge } from '../../state/flow-adapter.ts';
import { formatRate } from '../../state/budget.ts';
import { DETAIL_ZOOM } from '../../state/readout.ts';
import { useEdgeRate } from '../../hooks/useMetrics.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { liveText, useLiveWrite } from './useLiveWrite.ts';

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
const present = () => true;

interface LabelProps {
  edgeId: string;
  x: number;
  y: number;
}

/** Zoomed out, rates are unreadable: the label unmounts and stops listening. */
function EdgeRateWhenNear(props: LabelProps) {
  return useStore(isZoomedOut) ? null : <EdgeRate {...props} />;
}

/** Renders only when a rate appears or goes away; the digits are written by EdgeRateLabel. */
function EdgeRate(props: LabelProps) {
  const { metrics } = useEditor();
  return useEdgeRate(metrics, props.edgeId, present) ? <EdgeRateLabel {...props} /> : null;
}

function EdgeRateLabel({ edgeId, x, y }: LabelProps) {
  const { metrics } = useEditor();
  const bind = useCallback(
    (el: HTMLElement) => {
      const text = liveText(el);
      return () => {
        const rate = metrics.edgeRate(edgeId);
        if (rate !== undefined) text(`${formatRate(rate)}/s`);
      };
    },
    [metrics, edgeId],
  );
  const ref = useLiveWrite(metrics, `edge:${edgeId}`, bind);
  return (
    <EdgeLabelRenderer>
      <div ref={ref} className="sf-edge-rate" style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }} data-testid={`edge-rate-${edgeId}`} />
    </EdgeLabelRenderer>
  );
}
