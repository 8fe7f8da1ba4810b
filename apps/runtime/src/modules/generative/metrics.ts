import type { GenerativeService } from '@showflow/generative';
import { metricFamily } from '../../metrics/prometheus.ts';

/**
 * Prometheus lines for the generative layer: spend and calls per budget label (today's
 * UTC day for spend, since budgets reset daily) and cache hits/misses per node.
 */
export function generativeMetrics(service: GenerativeService): string {
  const usage = service.usage();
  const byLabel = (pick: (u: (typeof usage)[number]) => number) => usage.map((u) => ({ labels: { ...u.label }, value: pick(u) }));
  const nodes = service.allNodeStats();
  const byNode = (pick: (n: (typeof nodes)[number]) => number) => nodes.map((n) => ({ labels: { node: n.nodeKey }, value: pick(n) }));
  return [
    ...metricFamily('showflow_generative_spend_cents_total', 'counter', 'Provider spend charged to each budget label, cents.', byLabel((u) => u.spendCents)),
    ...metricFamily('showflow_generative_provider_calls_total', 'counter', 'Generation calls that reached the provider, per budget label.', byLabel((u) => u.providerCalls)),
    ...metricFamily('showflow_generative_cache_hits_by_label_total', 'counter', 'Generation calls served from the cache, per budget label.', byLabel((u) => u.cacheHits)),
    ...metricFamily('showflow_generative_refusals_total', 'counter', 'Calls refused by rate limit or daily budget before the provider, per budget label.', byLabel((u) => u.refusals)),
    ...metricFamily('showflow_generative_failures_total', 'counter', 'Provider calls that failed (not billed), per budget label.', byLabel((u) => u.failures)),
    ...metricFamily('showflow_generative_cache_hits_total', 'counter', 'Cache hits per generative node (pipeline/node).', byNode((n) => n.hits)),
    ...metricFamily('showflow_generative_cache_misses_total', 'counter', 'Cache misses per generative node (pipeline/node).', byNode((n) => n.misses)),
    ...metricFamily('showflow_generative_fallbacks_total', 'counter', 'Times a node showed a stand-in image, per node.', byNode((n) => n.fallbacks)),
    ...metricFamily('showflow_generative_in_flight', 'gauge', 'Provider calls in flight.', [{ labels: {}, value: service.describe().inFlight }]),
  ].join('\n');
}
