import { describe, expect, it, vi } from 'vitest';
import type { NodeMetrics, PipelineMetrics } from '@showflow/shared';
import { MetricsStore } from './metrics-store.ts';
import { budgetLevel } from './budget.ts';

const node = (nodeId: string, p50: number, extra: Partial<NodeMetrics> = {}): NodeMetrics => ({
  nodeId,
  type: 'showflow.denoise',
  p50,
  p95: p50 * 2,
  p99: p50 * 3,
  fps: 30,
  processed: 10,
  drops: 0,
  errors: 0,
  overruns: 0,
  budgetMs: 10,
  status: { level: 'ok', text: '' },
  ...extra,
});
const update = (at: number, nodes: NodeMetrics[], edges: Record<string, number> = {}): PipelineMetrics => ({
  pipelineId: 'p',
  version: 3,
  at,
  endToEnd: { p50: 40, p95: 55, p99: 70, count: 100 },
  nodes,
  edges,
});

describe('MetricsStore', () => {
  it('notifies only the keys whose readout changed', () => {
    const store = new MetricsStore();
    const a = vi.fn();
    const b = vi.fn();
    const e = vi.fn();
    store.subscribe('node:a', a);
    store.subscribe('node:b', b);
    store.subscribe('edge:e1', e);
    store.push(update(1000, [node('a', 1), node('b', 2)], { e1: 30 }));
    expect([a.mock.calls.length, b.mock.calls.length, e.mock.calls.length]).toEqual([1, 1, 1]);
    store.push(update(1500, [node('a', 1), node('b', 3)], { e1: 30 }));
    expect([a.mock.calls.length, b.mock.calls.length, e.mock.calls.length]).toEqual([1, 2, 1]);
  });

  it('keeps the same snapshot object while nothing shown changed', () => {
    const store = new MetricsStore();
    store.push(update(1000, [node('a', 1)]));
    const first = store.node('a');
    store.push(update(1500, [node('a', 1, { p99: 99 })]));
    expect(store.node('a')).toBe(first);
    store.push(update(2000, [node('a', 1, { drops: 1 })]));
    expect(store.node('a')).not.toBe(first);
    expect(store.node('a')!.drops).toBe(1);
  });

  it('keeps one minute of latency history per node', () => {
    const store = new MetricsStore();
    for (let t = 0; t <= 90_000; t += 500) store.push(update(t, [node('a', t / 1000)]));
    const history = store.latencyHistory('a');
    expect(history[0].at).toBeGreaterThan(90_000 - 60_000);
    expect(history.at(-1)).toEqual({ at: 90_000, p50: 90, p95: 180 });
    expect(store.latencyHistory('missing')).toHaveLength(0);
  });

  it('exposes the pipeline readout and clears everything', () => {
    const store = new MetricsStore();
    const l = vi.fn();
    store.subscribe('node:a', l);
    store.push(update(1000, [node('a', 1)], { e1: 5 }));
    expect(store.pipelineReadout()).toMatchObject({ version: 3, endToEnd: { p50: 40, p95: 55 } });
    expect(store.edgeRate('e1')).toBe(5);
    store.clear();
    expect(store.node('a')).toBeUndefined();
    expect(store.pipelineReadout()).toBeNull();
    expect(l).toHaveBeenCalledTimes(2);
  });
});

describe('budgetLevel', () => {
  it('colours p95 against the budget', () => {
    expect(budgetLevel(5, 10)).toBe('ok');
    expect(budgetLevel(8, 10)).toBe('warn');
    expect(budgetLevel(10.5, 10)).toBe('over');
    expect(budgetLevel(5, 10, 0)).toBe('idle');
  });
});
