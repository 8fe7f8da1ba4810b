import type { ViewerStats } from '@showflow/capture-sdk';

/** Glass-to-glass latency (sender capture → this screen) and the drawn frame rate. */
export function LatencyReadout({ stats }: { stats: ViewerStats | null }) {
  if (!stats || stats.latencySamples === 0) return null;
  return (
    <p className="sf-live-readout" data-testid="latency-readout">
      p50 {Math.round(stats.latencyP50)} ms · p95 {Math.round(stats.latencyP95)} ms · {stats.fps.toFixed(0)} fps
    </p>
  );
}
