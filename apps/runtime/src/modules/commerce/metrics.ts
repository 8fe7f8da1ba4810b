import type { CommerceService, FunnelView } from '@showflow/commerce';
import { metricFamily } from '../../metrics/prometheus.ts';

const families: { key: keyof FunnelView; name: string; type: 'counter' | 'gauge'; help: string }[] = [
  { key: 'impressions', name: 'showflow_commerce_impressions_total', type: 'counter', help: 'Times viewers were shown the drop.' },
  { key: 'clicks', name: 'showflow_commerce_clicks_total', type: 'counter', help: 'Viewers who opened the drop card.' },
  { key: 'reservations', name: 'showflow_commerce_reservations_total', type: 'counter', help: 'Reservations that took stock.' },
  { key: 'orders', name: 'showflow_commerce_orders_total', type: 'counter', help: 'Confirmed orders.' },
  { key: 'oversoldUnits', name: 'showflow_commerce_oversold_units', type: 'gauge', help: 'Units ordered or held beyond the stock; anything but 0 is an incident.' },
  { key: 'idempotentReplays', name: 'showflow_commerce_idempotent_replays_total', type: 'counter', help: 'Requests answered from a stored response.' },
  { key: 'liveToOrderMs', name: 'showflow_commerce_live_to_order_ms', type: 'gauge', help: 'Drop start to first confirmed order, milliseconds.' },
];

/**
 * Per-drop funnel figures in Prometheus text. Module metrics are read synchronously while
 * the funnel is a query, so a scrape answers with the figures of the previous refresh and
 * starts the next one (at most one in flight).
 */
export class CommerceMetrics {
  private readonly drops = new Set<string>();
  private text = '';
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly service: () => CommerceService | undefined,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts reporting a drop (one the runtime's nodes sell, or one a request touched). */
  track(dropId: string): void {
    this.drops.add(dropId);
  }

  scrape(): string {
    void this.refresh();
    return this.text;
  }

  refresh(): Promise<void> {
    const service = this.service();
    if (!service || this.drops.size === 0) return Promise.resolve();
    this.refreshing ??= Promise.all([...this.drops].sort().map((id) => service.funnel(id).catch(() => undefined)))
      .then((funnels) => {
        this.text = render(funnels.filter((f): f is FunnelView => f !== undefined));
      }, this.onError)
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}

function render(funnels: FunnelView[]): string {
  if (funnels.length === 0) return '';
  const lines = families.flatMap((f) =>
    metricFamily(
      f.name,
      f.type,
      f.help,
      funnels.flatMap((funnel) => {
        const value = funnel[f.key];
        return typeof value === 'number' ? [{ labels: { drop: funnel.dropId }, value }] : [];
      }),
    ),
  );
  return `${lines.join('\n')}\n`;
}
