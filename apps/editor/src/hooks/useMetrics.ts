'use client';

import { useCallback, useSyncExternalStore } from 'react';
import type { NodeMetrics } from '@showflow/shared';
import type { LatencySample, MetricsStore, PipelineReadout } from '../state/metrics-store.ts';

// Each hook subscribes to one key of the store, so an update re-renders only its readers.

/**
 * A derived value of one node's metrics. Return a primitive (a string, a level) and the
 * component re-renders only when that value changes, not on every update.
 */
export function useNodeMetricsSelector<T>(store: MetricsStore, nodeId: string, select: (m: NodeMetrics | undefined) => T): T {
  const subscribe = useCallback((l: () => void) => store.subscribe(`node:${nodeId}`, l), [store, nodeId]);
  const get = () => select(store.node(nodeId));
  return useSyncExternalStore(subscribe, get, get);
}

export function useEdgeRate<T>(store: MetricsStore, edgeId: string, select: (rate: number) => T): T | undefined {
  const subscribe = useCallback((l: () => void) => store.subscribe(`edge:${edgeId}`, l), [store, edgeId]);
  const get = () => {
    const rate = store.edgeRate(edgeId);
    return rate === undefined ? undefined : select(rate);
  };
  return useSyncExternalStore(subscribe, get, get);
}

export function useLatencyHistory(store: MetricsStore, nodeId: string): readonly LatencySample[] {
  const subscribe = useCallback((l: () => void) => store.subscribe(`history:${nodeId}`, l), [store, nodeId]);
  const get = () => store.latencyHistory(nodeId);
  return useSyncExternalStore(subscribe, get, get);
}

export function usePipelineReadout(store: MetricsStore): PipelineReadout | null {
  const subscribe = useCallback((l: () => void) => store.subscribe('pipeline', l), [store]);
  const get = () => store.pipelineReadout();
  return useSyncExternalStore(subscribe, get, get);
}
