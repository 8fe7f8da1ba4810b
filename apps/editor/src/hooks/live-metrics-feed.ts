import type { LiveMetricsMessage } from '@showflow/shared';
import type { MetricsStore } from '../state/metrics-store.ts';

export type LiveStatus = 'connecting' | 'live' | 'stopped' | 'offline';

/**
 * Turns `metrics.live` messages into the store's readouts and the editor's live status.
 * A stopped pipeline's readouts are forgotten: its badges and thumbnails would show a show
 * that no longer runs. `setStatus` is called only when the status changes, so readouts
 * re-render nothing above the badges.
 */
export function liveMetricsFeed(store: MetricsStore, setStatus: (status: LiveStatus) => void) {
  let status: LiveStatus = 'connecting';
  const become = (next: LiveStatus) => {
    if (next === status) return;
    status = next;
    setStatus(next);
  };
  return {
    message(message: LiveMetricsMessage): void {
      if ('stopped' in message) {
        store.clear();
        become('stopped');
      } else {
        store.push(message);
        become('live');
      }
    },
    /** The stream broke; the next message after it reconnects says what runs. */
    offline: () => become('offline'),
  };
}
