import { describe, expect, it } from 'vitest';
import type { PipelineMetrics } from '@showflow/shared';
import { MetricsStore } from '../state/metrics-store.ts';
import { liveMetricsFeed, type LiveStatus } from './live-metrics-feed.ts';

const readout = (at: number): PipelineMetrics => ({
  pipelineId: 'show',
  version: 1,
  at,
  endToEnd: { p50: 4, p95: 6, p99: 8, count: 10 },
  nodes: [{ nodeId: 'cam', type: 'showflow.synthetic-capture', p50: 1, p95: 2, p99: 3, fps: 10, processed: at, drops: 0, errors: 0, overruns: 0, budgetMs: 5, status: { level: 'ok', text: '' } }],
  edges: {},
});
const stopped = (at: number) => ({ pipelineId: 'show', at, stopped: true as const });

describe('live metrics feed', () => {
  it('is live on readouts, stopped when the runtime says so, and live again when it runs', () => {
    const store = new MetricsStore();
    const said: LiveStatus[] = [];
    const feed = liveMetricsFeed(store, (s) => said.push(s)).message;
    feed(readout(1));
    feed(readout(2));
    expect(said).toEqual(['live']);
    expect(store.node('cam')).toBeDefined();
    feed(stopped(3));
    expect(said).toEqual(['live', 'stopped']);
    // Nothing of the stopped show is left to draw or to ask pictures of.
    expect(store.node('cam')).toBeUndefined();
    expect(store.pipelineReadout()).toBeNull();
    feed(readout(4));
    expect(said).toEqual(['live', 'stopped', 'live']);
    expect(store.node('cam')?.processed).toBe(4);
  });

  it('says stopped for a pipeline that is not running when the stream opens', () => {
    const said: LiveStatus[] = [];
    liveMetricsFeed(new MetricsStore(), (s) => said.push(s)).message(stopped(1));
    expect(said).toEqual(['stopped']);
  });

  it('is live again after the stream broke and came back', () => {
    const said: LiveStatus[] = [];
    const feed = liveMetricsFeed(new MetricsStore(), (s) => said.push(s));
    feed.message(readout(1));
    feed.offline();
    feed.message(readout(2));
    expect(said).toEqual(['live', 'offline', 'live']);
  });
});
