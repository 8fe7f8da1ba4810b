import type { PipelineMetrics } from '@showflow/shared';

const ms = (v: number) => v.toFixed(2);

/** The per-node readout as a fixed-width table, then the capture→sink latency. */
export function formatMetricsTable(metrics: PipelineMetrics): string {
  const header = ['node', 'type', 'p50 ms', 'p95 ms', 'p99 ms', 'fps', 'processed', 'drops', 'errors', 'overruns'];
  const rows = metrics.nodes.map((n) => [n.nodeId, n.type, ms(n.p50), ms(n.p95), ms(n.p99), n.fps.toFixed(1), String(n.processed), String(n.drops), String(n.errors), String(n.overruns)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const e2e = metrics.endToEnd;
  out.push('', e2e.count > 0 ? `end-to-end (capture→sink): p50 ${ms(e2e.p50)} ms  p95 ${ms(e2e.p95)} ms  p99 ${ms(e2e.p99)} ms  over ${e2e.count} frames` : 'end-to-end (capture→sink): no frame reached an output node');
  for (const n of metrics.nodes) if (n.lastError) out.push(`last error at ${n.nodeId}: ${n.lastError.code} ${n.lastError.message}`);
  return out.join('\n');
}
