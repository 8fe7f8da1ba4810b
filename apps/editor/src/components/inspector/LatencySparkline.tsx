'use client';

import { useLatencyHistory } from '../../hooks/useMetrics.ts';
import type { MetricsStore } from '../../state/metrics-store.ts';
import { formatMs } from '../../state/budget.ts';

const W = 260;
const H = 64;

/** p50 and p95 over the last minute, with the node's budget as a dashed line. */
export function LatencySparkline({ store, nodeId, budgetMs }: { store: MetricsStore; nodeId: string; budgetMs: number }) {
  const samples = useLatencyHistory(store, nodeId);
  if (samples.length < 2) return <p className="sf-muted" data-testid="sparkline-empty">Waiting for live data…</p>;
  const t0 = samples[0].at;
  const span = Math.max(1, samples[samples.length - 1].at - t0);
  const top = Math.max(budgetMs, ...samples.map((s) => s.p95)) * 1.15 || 1;
  const x = (at: number) => ((at - t0) / span) * W;
  const y = (ms: number) => H - (ms / top) * H;
  const line = (pick: (s: (typeof samples)[number]) => number) => samples.map((s) => `${x(s.at).toFixed(1)},${y(pick(s)).toFixed(1)}`).join(' ');
  const last = samples[samples.length - 1];
  return (
    <figure className="sf-sparkline" data-testid="sparkline">
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="latency over the last minute">
        {budgetMs > 0 && <line x1={0} x2={W} y1={y(budgetMs)} y2={y(budgetMs)} className="sf-spark-budget" />}
        <polyline points={line((s) => s.p95)} className="sf-spark-p95" />
        <polyline points={line((s) => s.p50)} className="sf-spark-p50" />
      </svg>
      <figcaption>
        p50 {formatMs(last.p50)} ms · p95 {formatMs(last.p95)} ms · budget {budgetMs} ms
      </figcaption>
    </figure>
  );
}
