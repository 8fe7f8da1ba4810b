import type { CaptureStats } from '@showflow/capture-sdk';

/** What the sender sees while live: rate, losses at the sender, encode cost, transport. */
export function CaptureStatsList({ stats }: { stats: CaptureStats | null }) {
  if (!stats) return <p className="sf-muted">Connecting…</p>;
  return (
    <dl className="sf-golive-stats" data-testid="golive-stats">
      <dt>sent</dt>
      <dd data-testid="golive-fps">{stats.fps.toFixed(1)} fps</dd>
      <dt>drops</dt>
      <dd data-testid="golive-drops">{stats.dropped + stats.skipped}</dd>
      <dt>encode</dt>
      <dd data-testid="golive-encode">{stats.encodeMsP50.toFixed(1)} ms</dd>
      <dt>frames</dt>
      <dd data-testid="golive-sent">{stats.sent}</dd>
      <dt>transport</dt>
      <dd>{stats.transport}</dd>
    </dl>
  );
}
