'use client';

import { memo, useCallback } from 'react';
import { useStore, type ReactFlowState } from '@xyflow/react';
import type { NodeMetrics } from '@showflow/shared';
import { budgetLevel } from '../../state/budget.ts';
import type { MetricsStore } from '../../state/metrics-store.ts';
import { DETAIL_ZOOM, readout } from '../../state/readout.ts';
import { useNodeMetricsSelector } from '../../hooks/useMetrics.ts';
import { liveData, liveHidden, liveText, useLiveWrite } from './useLiveWrite.ts';

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
  const bind = useCallback(
    (el: HTMLElement) => {
      const level = liveData(el, 'level');
      return () => {
        const m = store.node(nodeId);
        level(m ? budgetLevel(m.p95, budgetMs ?? m.budgetMs, m.processed) : 'none');
      };
    },
    [store, nodeId, budgetMs],
  );
  const ref = useLiveWrite(store, `node:${nodeId}`, bind);
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
  const bind = useCallback(
    (el: HTMLElement) => {
      const [latency, fps, drops, errors] = Array.from(el.children as HTMLCollectionOf<HTMLElement>);
      const level = liveData(el, 'level');
      const latencyText = liveText(latency);
      const fpsText = liveText(fps);
      const dropCount = liveCount(drops, 'drop');
      const errorCount = liveCount(errors, 'err');
      return () => {
        const m = store.node(nodeId);
        if (!m) return; // cleared: DetailBadge is about to render "no live data"
        const r = readout(m, budgetMs);
        level(r.level);
        latencyText(`${r.latency} ms`);
        fpsText(`${r.fps} fps`);
        dropCount(r.drops);
        errorCount(r.errors);
      };
    },
    [store, nodeId, budgetMs],
  );
  const ref = useLiveWrite(store, `node:${nodeId}`, bind);
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
function liveCount(el: HTMLElement, unit: string): (count: number) => void {
  const text = liveText(el);
  const hidden = liveHidden(el);
  let shown: number | undefined;
  return (count) => {
    if (count === shown) return;
    shown = count;
    text(count > 0 ? `${count} ${unit}` : '');
    hidden(count === 0);
  };
}
