import { describe, expect, it } from 'vitest';
import type { PipelineMetrics } from '@showflow/shared';
import { toPrometheus } from './prometheus.ts';

const metrics: PipelineMetrics = {
  pipelineId: 'demo',
  version: 3,
  at: 0,
  endToEnd: { p50: 20, p95: 30, p99: 40, count: 9 },
  nodes: [
    { nodeId: 'cam', type: 'showflow.camera', p50: 1.5, p95: 2, p99: 3, fps: 30, processed: 90, drops: 1, errors: 2, overruns: 0, budgetMs: 5, status: { level: 'ok', text: 'x' } },
  ],
  edges: { e1: 29.5 },
};

describe('toPrometheus', () => {
  const text = toPrometheus([metrics], { uptimeSeconds: 12, uncaughtErrors: 0, pool: { liveHandles: 2, refs: 3, allocated: 1, reused: 0, recycled: 4, freeBuffers: 0, freeBytes: 0 } });
  const lines = text.trim().split('\n');

  it('writes HELP and TYPE before every family', () => {
    const names = lines.filter((l) => l.startsWith('# TYPE')).map((l) => l.split(' ')[2]);
    expect(names).toContain('showflow_node_latency_ms');
    for (const name of names) expect(lines.indexOf(`# TYPE ${name} ${lines.find((l) => l.startsWith(`# TYPE ${name} `))!.split(' ')[3]}`)).toBeGreaterThan(lines.findIndex((l) => l.startsWith(`# HELP ${name} `)));
  });

  it('labels node samples with pipeline, node, type and quantile', () => {
    expect(lines).toContain('showflow_node_latency_ms{pipeline="demo",node="cam",type="showflow.camera",quantile="0.95"} 2');
    expect(lines).toContain('showflow_node_errors_total{pipeline="demo",node="cam",type="showflow.camera"} 2');
    expect(lines).toContain('showflow_end_to_end_latency_ms{pipeline="demo",quantile="0.99"} 40');
    expect(lines).toContain('showflow_edge_messages_per_second{pipeline="demo",edge="e1"} 29.5');
    expect(lines).toContain('showflow_frame_pool_live_handles 2');
  });

  it('has one sample per line in name{labels} value form', () => {
    for (const line of lines.filter((l) => !l.startsWith('#'))) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+$/);
  });

  it('escapes label values', () => {
    const odd = toPrometheus([{ ...metrics, pipelineId: 'a"b\\c' }], { uptimeSeconds: 0, uncaughtErrors: 0, pool: { liveHandles: 0, refs: 0, allocated: 0, reused: 0, recycled: 0, freeBuffers: 0, freeBytes: 0 } });
    expect(odd).toContain('pipeline="a\\"b\\\\c"');
  });
});
