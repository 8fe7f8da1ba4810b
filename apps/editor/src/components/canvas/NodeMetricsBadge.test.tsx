import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { Profiler, type ReactNode } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { NodeMetrics } from '@showflow/shared';
import { MetricsStore } from '../../state/metrics-store.ts';
import { NodeMetricsBadge } from './NodeMetricsBadge.tsx';

const m = (nodeId: string, p50: number, p95: number, extra: Partial<NodeMetrics> = {}): NodeMetrics => ({
  nodeId,
  type: 't.x',
  p50,
  p95,
  p99: p95,
  fps: 25,
  processed: 5,
  drops: 0,
  errors: 0,
  overruns: 0,
  budgetMs: 10,
  status: { level: 'ok', text: '' },
  ...extra,
});
const push = (store: MetricsStore, nodes: NodeMetrics[]) =>
  act(() => store.push({ pipelineId: 'p', version: 1, at: Date.now(), endToEnd: { p50: 0, p95: 0, p99: 0, count: 0 }, nodes, edges: {} }));

afterEach(cleanup);

// The badge reads the canvas zoom; a provider's default viewport is 100 %, the detailed view.
const inFlow = (ui: ReactNode) => render(<ReactFlowProvider>{ui}</ReactFlowProvider>);

describe('NodeMetricsBadge', () => {
  it('fills from the store and colours p95 against the budget', () => {
    const store = new MetricsStore();
    inFlow(<NodeMetricsBadge store={store} nodeId="a" budgetMs={10} />);
    expect(screen.getByTestId('metrics-a').dataset.level).toBe('none');
    push(store, [m('a', 2, 4, { drops: 3 })]);
    expect(screen.getByTestId('metrics-a').dataset.level).toBe('ok');
    expect(screen.getByTestId('latency-a').textContent).toBe('2.00/4.00 ms');
    expect(screen.getByTestId('metrics-a').textContent).toContain('3 drop');
    expect(screen.getByTestId('metrics-a').textContent).not.toContain('err');
    push(store, [m('a', 9, 14)]);
    expect(screen.getByTestId('metrics-a').dataset.level).toBe('over');
  });

  it('shows no live data until the first update, and again after the store is cleared', () => {
    const store = new MetricsStore();
    inFlow(<NodeMetricsBadge store={store} nodeId="a" budgetMs={10} />);
    expect(screen.getByTestId('metrics-a').textContent).toBe('no live data');
    push(store, [m('a', 2, 4)]);
    expect(screen.getByTestId('metrics-a').textContent).not.toContain('no live data');
    act(() => store.clear());
    expect(screen.getByTestId('metrics-a').textContent).toBe('no live data');
    expect(screen.getByTestId('metrics-a').dataset.level).toBe('none');
    // A fresh readout after the clear writes its numbers again, not what the old one last showed.
    push(store, [m('a', 2, 4, { errors: 2 })]);
    expect(screen.getByTestId('latency-a').textContent).toBe('2.00/4.00 ms');
    expect(screen.getByTestId('metrics-a').textContent).toContain('2 err');
  });

  it('updates numbers without re-rendering any badge, and leaves the DOM alone when no digit moved', () => {
    const store = new MetricsStore();
    const renders: Record<string, number> = { a: 0, b: 0 };
    inFlow(
      <>
        {(['a', 'b'] as const).map((id) => (
          <Profiler key={id} id={id} onRender={() => renders[id]++}>
            <NodeMetricsBadge store={store} nodeId={id} budgetMs={10} />
          </Profiler>
        ))}
      </>,
    );
    push(store, [m('a', 1, 2), m('b', 1, 2)]);
    const after = { ...renders };
    push(store, [m('a', 1, 2), m('b', 5, 6, { errors: 1 })]);
    expect(renders).toEqual(after);
    expect(screen.getByTestId('latency-b').textContent).toBe('5.00/6.00 ms');
    expect(screen.getByTestId('metrics-b').textContent).toContain('1 err');
    expect(screen.getByTestId('latency-a').textContent).toBe('1.00/2.00 ms');
    // 5.001 ms shows as 5.00: the store notifies, but nothing visible changed.
    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => mutations.push(...records));
    observer.observe(screen.getByTestId('metrics-b'), { subtree: true, characterData: true, attributes: true, childList: true });
    push(store, [m('a', 1, 2), m('b', 5.001, 6, { errors: 1 })]);
    mutations.push(...observer.takeRecords());
    observer.disconnect();
    expect(mutations).toEqual([]);
    expect(renders).toEqual(after);
  });
});
