'use client';

import { useEffect, useState } from 'react';
import { useTRPCClient } from '../api/trpc.ts';
import type { MetricsStore } from '../state/metrics-store.ts';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * Streams `metrics.live` into the metrics store. Nothing here re-renders on data: the
 * store notifies the badges that read it.
 */
export function useLiveMetrics(pipelineId: string, store: MetricsStore): LiveStatus {
  const client = useTRPCClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    store.clear();
    let first = true;
    const sub = client.metrics.live.subscribe(
      { pipelineId },
      {
        onData: (m) => {
          store.push(m);
          if (first) setStatus('live');
          first = false;
        },
        onError: () => setStatus('offline'),
        onConnectionStateChange: (s) => {
          if (s.state === 'connecting' && s.error) setStatus('offline');
        },
      },
    );
    return () => sub.unsubscribe();
  }, [client, pipelineId, store]);
  return status;
}
