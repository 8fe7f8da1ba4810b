'use client';

import { memo } from 'react';
import { useStore, type ReactFlowState } from '@xyflow/react';
import { budgetLevel } from '../../state/budget.ts';
import type { MetricsStore } from '../../state/metrics-store.ts';
import { DETAIL_ZOOM, parseReadout, readoutKey } from '../../state/readout.ts';
import { useNodeMetricsSelector } from '../../hooks/useMetrics.ts';

interface Props {
  store: MetricsStore;
  nodeId: string;
  budgetMs: number | undefined;
}

const isZoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

/**
 * The live readout under a node, the only part of a node that re-renders on a metrics
 * update. Zoomed out, it shows just the budget colour, so an update re-renders only the
 * nodes whose colour changed.
 */
export const NodeMetricsBadge = memo(function NodeMetricsBadge(props: Props) {
  const zoomedOut = useStore(isZoomedOut);
  return zoomedOut ? <LevelBar {...props} /> : <DetailBadge {...props} />;
});

function LevelBar({ store, nodeId, budgetMs }: Props) {
  const level = useNodeMetricsSelector(store, nodeId, (m) => (m ? budgetLevel(m.p95, budgetMs ?? m.budgetMs, m.processed) : 'none'));
  return <div className="sf-badge sf-badge-bar" data-testid={`metrics-${nodeId}`} data-level={level} />;
}

function DetailBadge({ store, nodeId, budgetMs }: Props) {
  const readout = parseReadout(useNodeMetricsSelector(store, nodeId, (m) => readoutKey(m, budgetMs)));
  if (!readout) {
    return (
      <div className="sf-badge" data-testid={`metrics-${nodeId}`} data-level="none">
        <span className="sf-badge-empty">no live data</span>
      </div>
    );
  }
  // Few text nodes on purpose: every one of them is re-laid out on each update.
  return (
    <div className="sf-badge" data-testid={`metrics-${nodeId}`} data-level={readout.level}>
      <span className={`sf-lat sf-lat-${readout.level}`} data-testid={`latency-${nodeId}`}>
        {`${readout.latency} ms`}
      </span>
      <span>{`${readout.fps} fps`}</span>
      {readout.drops > 0 && <span className="sf-warn">{`${readout.drops} drop`}</span>}
      {readout.errors > 0 && <span className="sf-err">{`${readout.errors} err`}</span>}
    </div>
  );
}
