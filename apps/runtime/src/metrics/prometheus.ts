import type { PipelineMetrics } from '@showflow/shared';
import type { PoolStats } from '../frames/pool.ts';

export interface RuntimeGauges {
  uptimeSeconds: number;
  uncaughtErrors: number;
  pool: PoolStats;
}

export type Sample = { labels: Record<string, string>; value: number };

/** One metric family in the exposition format: HELP, TYPE, then a line per labelled sample. */
export function metricFamily(name: string, type: 'gauge' | 'counter', help: string, samples: Sample[]): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map((s) => `${name}${formatLabels(s.labels)} ${formatValue(s.value)}`)];
}

/** Prometheus text exposition format 0.0.4: HELP, TYPE, then one line per labelled sample. */
export function toPrometheus(pipelines: PipelineMetrics[], runtime: RuntimeGauges): string {
  const families: { name: string; type: 'gauge' | 'counter'; help: string; samples: Sample[] }[] = [];
  const family = (name: string, type: 'gauge' | 'counter', help: string, samples: Sample[]) => families.push({ name, type, help, samples });

  family('showflow_uptime_seconds', 'gauge', 'Seconds since the runtime started.', [{ labels: {}, value: runtime.uptimeSeconds }]);
  family('showflow_uncaught_errors_total', 'counter', 'Uncaught asynchronous errors contained (SF206).', [{ labels: {}, value: runtime.uncaughtErrors }]);
  family('showflow_frame_pool_live_handles', 'gauge', 'Frames held by at least one reference.', [{ labels: {}, value: runtime.pool.liveHandles }]);
  family('showflow_frame_pool_recycled_total', 'counter', 'Pixel buffers returned to the free list.', [{ labels: {}, value: runtime.pool.recycled }]);
  family('showflow_frame_pool_free_bytes', 'gauge', 'Bytes waiting in free lists.', [{ labels: {}, value: runtime.pool.freeBytes }]);

  const perNode = (pick: (n: PipelineMetrics['nodes'][number]) => number, extra: Record<string, string> = {}) =>
    pipelines.flatMap((p) => p.nodes.map((n) => ({ labels: { pipeline: p.pipelineId, node: n.nodeId, type: n.type, ...extra }, value: pick(n) })));

  family('showflow_pipeline_version', 'gauge', 'Active version of each running pipeline.', pipelines.map((p) => ({ labels: { pipeline: p.pipelineId }, value: p.version })));
  family(
    'showflow_node_latency_ms',
    'gauge',
    'Per-message node latency over a sliding window, milliseconds.',
    (['p50', 'p95', 'p99'] as const).flatMap((q) => perNode((n) => n[q], { quantile: { p50: '0.5', p95: '0.95', p99: '0.99' }[q] })),
  );
  family('showflow_node_fps', 'gauge', 'Runs per second over the last seconds.', perNode((n) => n.fps));
  family('showflow_node_processed_total', 'counter', 'Messages processed without error.', perNode((n) => n.processed));
  family('showflow_node_drops_total', 'counter', 'Frames dropped by a full inbox or a late source tick.', perNode((n) => n.drops));
  family('showflow_node_errors_total', 'counter', 'Runs that threw (SF201/SF202/...).', perNode((n) => n.errors));
  family('showflow_node_overruns_total', 'counter', 'Runs longer than the node time budget.', perNode((n) => n.overruns));
  family(
    'showflow_end_to_end_latency_ms',
    'gauge',
    'Capture to sink latency over a sliding window, milliseconds.',
    pipelines.flatMap((p) =>
      (['p50', 'p95', 'p99'] as const).map((q) => ({ labels: { pipeline: p.pipelineId, quantile: { p50: '0.5', p95: '0.95', p99: '0.99' }[q] }, value: p.endToEnd[q] })),
    ),
  );
  family(
    'showflow_edge_messages_per_second',
    'gauge',
    'Messages per second along each edge.',
    pipelines.flatMap((p) => Object.entries(p.edges).map(([edge, value]) => ({ labels: { pipeline: p.pipelineId, edge }, value }))),
  );

  return `${families.flatMap((f) => metricFamily(f.name, f.type, f.help, f.samples)).join('\n')}\n`;
}

function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(Math.round(value * 1e6) / 1e6);
}
