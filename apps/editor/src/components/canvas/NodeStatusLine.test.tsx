import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { NodeMetrics, NodeStatus } from '@showflow/shared';
import { MetricsStore } from '../../state/metrics-store.ts';
import { NodeStatusLine } from './NodeStatusLine.tsx';

const m = (nodeId: string, status: NodeStatus): NodeMetrics => ({
  nodeId,
  type: 'showflow.audio-meter',
  p50: 0.1,
  p95: 0.2,
  p99: 0.2,
  fps: 100,
  processed: 50,
  drops: 0,
  errors: 0,
  overruns: 0,
  budgetMs: 1,
  status,
});
const push = (store: MetricsStore, nodes: NodeMetrics[]) =>
  act(() => store.push({ pipelineId: 'p', version: 1, at: Date.now(), endToEnd: { p50: 0, p95: 0, p99: 0, count: 0 }, nodes, edges: {} }));

afterEach(cleanup);

describe('NodeStatusLine', () => {
  it('shows a meter’s levels live and hides the runtime’s placeholders', () => {
    const store = new MetricsStore();
    render(<NodeStatusLine store={store} nodeId="meter" />);
    const line = screen.getByTestId('status-meter');
    expect(line.hidden).toBe(true);
    push(store, [m('meter', { level: 'ok', text: 'running' })]);
    expect(line.hidden).toBe(true);
    push(store, [m('meter', { level: 'ok', text: 'S -14.2 LUFS · peak -3.1 dBFS · I -14.0' })]);
    expect(line.hidden).toBe(false);
    expect(line.textContent).toBe('S -14.2 LUFS · peak -3.1 dBFS · I -14.0');
    push(store, [m('meter', { level: 'ok', text: 'S -13.9 LUFS · peak -2.8 dBFS · I -14.0' })]);
    expect(line.textContent).toBe('S -13.9 LUFS · peak -2.8 dBFS · I -14.0');
    push(store, [m('meter', { level: 'error', text: 'SF702 meter: sample 7 of mic#3 is NaN' })]);
    expect(line.dataset.level).toBe('error');
    act(() => store.clear());
    expect(line.hidden).toBe(true);
  });
});
