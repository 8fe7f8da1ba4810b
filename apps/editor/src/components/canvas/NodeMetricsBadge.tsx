'use client';

import { memo, useCallback } from 'react';
import { useStore, type ReactFlowState } from '@xyflow/react';
import type { NodeMetrics } from '@showflow/shared';
import { budgetLevel } from '../../state/budget.ts';
import type { MetricsStore } from '../../state/metrics-store.ts';
import { DETAIL_ZOOM, parseReadout, readoutKey } from '../../state/readout.ts';
import { useNodeMetricsSelector } from '../../hooks/useMetrics.ts';
import { setData, setText, useLiveWrite } from './useLiveWrite.ts';

interface Props {
  store: MetricsStore;
  nodeId: string;
  budgetMs: number | undefined;
}

const isZoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;
const hasMetrics = (m: NodeMetrics | undefined) => m !== undefined;

/**
 * The live readout under a node. React renders its structure (bar or detail, data or
 * none); the numbers and budget colour are written straight to the DOM on each update,
 * so a metrics tick renders no component at all.
 */
export const NodeMetricsBadge = memo(function NodeMetricsBadge(props: Props) {
  const zoomedOut = useStore(isZoomedOut);
  return zoomedOut ? <LevelBar {...props} /> : <DetailBadge {...props} />;
});

/** Zoomed out, the text is unreadable: only the budget colour shows. */
function LevelBar({ store, nodeId, budgetMs }: Props) {
  const write = useCallback(
    (el: HTMLElement) => {
      const m = store.node(nodeId);
      setData(el, 'level', m ? budgetLevel(m.p95, budgetMs ?? m.budgetMs, m.processed) : 'none');
    },
    [store, nodeId, budgetMs],
  );
  const ref = useLiveWrite(store, `node:${nodeId}`, write);
  return <div ref={ref} className="sf-badge sf-badge-bar" data-testid={`metrics-${nodeId}`} data-level="none" />;
}

function DetailBadge(props: Props) {
  const live = useNodeMetricsSelector(props.store, props.nodeId, hasMetrics);
  if (live) return <LiveReadout {...props} />;
  return (
    <div className="sf-badge" data-testid={`metrics-${props.nodeId}`} data-level="none">
      <span className="sf-badge-empty">no live data</span>
    </div>
  );
}

/** Latency, fps, drops, errors; colours follow `data-level`, a zero counter is hidden. */
function LiveReadout({ store, nodeId, budgetMs }: Props) {
  const write = useCallback(
    (el: HTMLElement) => {
      const readout = parseReadout(readoutKey(store.node(nodeId), budgetMs));
      if (!readout) return; // cleared: DetailBadge is about to render "no live data"
      const [latency, fps, drops, errors] = el.children as HTMLCollectionOf<HTMLElement>;
      setData(el, 'level', readout.level);
      setText(latency, `${readout.latency} ms`);
      setText(fps, `${readout.fps} fps`);
      setCount(drops, readout.drops, 'drop');
      setCount(errors, readout.errors, 'err');
    },
    [store, nodeId, budgetMs],
  );
  const ref = useLiveWrite(store, `node:${nodeId}`, write);
  return (
    <div ref={ref} className="sf-badge" data-testid={`metrics-${nodeId}`} data-level="none">
      <span className="sf-lat" data-testid={`latency-${nodeId}`} />
      <span />
      <span className="sf-warn" hidden />
      <span className="sf-err" hidden />
    </div>
  );
}

/**
 * A counter shows only above zero. Hidden with the attribute rather than `:empty`, which
 * would make every text change in a badge recalculate its style.
 */
function setCount(el: HTMLElement, count: number, unit: string): void {
  setText(el, count > 0 ? `${count} ${unit}` : '');
  if (el.hidden !== (count === 0)) el.hidden = count === 0;
}
