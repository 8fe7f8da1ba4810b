import type { NodeStats } from '../service/node-stats.ts';

/** The canvas readout: "var 2/3 · cache 92% · 140 ms · 35¢", the hit rate, provider p50 latency and spend. */
export function statusText(stats: NodeStats | undefined, active: number | undefined, variationCount: number): string {
  const parts: string[] = [];
  if (active !== undefined) parts.push(`var ${active + 1}/${variationCount}`);
  if (stats) {
    parts.push(`cache ${Math.round(stats.hitRate * 100)}%`);
    parts.push(stats.providerLatencyP50Ms === null ? 'no provider calls' : `${Math.round(stats.providerLatencyP50Ms)} ms`);
    parts.push(formatCents(stats.spendCents));
  }
  return parts.join(' · ');
}

export function formatCents(cents: number): string {
  return cents < 100 ? `${cents}¢` : `$${(cents / 100).toFixed(2)}`;
}
