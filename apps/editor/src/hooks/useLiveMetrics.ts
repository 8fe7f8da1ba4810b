'use client';

import { useEffect, useState } from 'react';
import { useTRPCClient } from '../api/trpc.ts';
import type { MetricsStore } from '../state/metrics-store.ts';
import { liveMetricsFeed, type LiveStatus } from './live-metrics-feed.ts';

export type { LiveStatus };

/**
 * Streams `metrics.live` into the metrics store. Nothing here re-renders on data: the
 * store notifies the badges that read it; the status changes when the runtime says the
 * pipeline stopped or runs again.
 */
export function useLiveMetrics(pipelineId: string, store: MetricsStore): LiveStatus {
  const client = useTRPCClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    store.clear();
    const feed = liveMetricsFeed(store, setStatus);
    const sub = client.metrics.live.subscribe(
      { pipelineId },
      {
        onData: feed.message,
        onError: feed.offline,
        onConnectionStateChange: (s) => {
          if (s.state === 'connecting' && s.error) feed.offline();
        },
      },
    );
    return () => sub.unsubscribe();
  }, [client, pipelineId, store]);
  return status;
}
