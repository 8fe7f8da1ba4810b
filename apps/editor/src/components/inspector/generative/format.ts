/** "cache 92% · 140 ms · 35¢", the same readout the node shows under itself on the canvas. */
export function formatGenerativeStats(stats: { hitRate: number; providerLatencyP50Ms: number | null; spendCents: number }): string {
  const latency = stats.providerLatencyP50Ms === null ? 'no provider calls' : `${Math.round(stats.providerLatencyP50Ms)} ms`;
  const spend = stats.spendCents < 100 ? `${stats.spendCents}¢` : `$${(stats.spendCents / 100).toFixed(2)}`;
  return `cache ${Math.round(stats.hitRate * 100)}% · ${latency} · ${spend}`;
}
