import type { FunnelView } from '@showflow/commerce';

const steps = [
  ['impressions', 'Impressions'],
  ['clicks', 'Clicks'],
  ['reservations', 'Reservations'],
  ['orders', 'Orders'],
] as const;

/** Impressions → clicks → reservations → orders, each bar relative to the widest step. */
export function FunnelBars({ funnel }: { funnel: FunnelView }) {
  const top = Math.max(1, ...steps.map(([key]) => funnel[key]));
  return (
    <dl className="sf-funnel" data-testid="funnel">
      {steps.map(([key, label]) => (
        <div key={key} className="sf-funnel-step">
          <dt>{label}</dt>
          <dd>
            <span className="sf-funnel-bar" style={{ width: `${(funnel[key] / top) * 100}%` }} />
            <span className="sf-funnel-value" data-testid={`funnel-${key}`}>
              {funnel[key]}
            </span>
          </dd>
        </div>
      ))}
      <div className="sf-funnel-step sf-muted">
        <dt>Live → 1st order</dt>
        <dd>{funnel.liveToOrderMs === null ? '—' : `${(funnel.liveToOrderMs / 1000).toFixed(1)} s`}</dd>
      </div>
    </dl>
  );
}
