'use client';

import { memo, useCallback } from 'react';
import type { MetricsStore } from '../../state/metrics-store.ts';
import { liveData, liveHidden, liveText, useLiveWrite } from './useLiveWrite.ts';

interface Props {
  store: MetricsStore;
  nodeId: string;
}

/** The runtime's own placeholders say nothing a producer needs to read under every node. */
const PLACEHOLDERS = new Set(['', 'running', 'waiting']);

/**
 * The node's own status line (`ctx.setStatus`), e.g. an audio meter's "S −14.2 LUFS · peak
 * −3.1 dBFS", written straight to the DOM on each metrics update like the badge's numbers.
 * Hidden while the node has nothing of its own to say.
 */
export const NodeStatusLine = memo(function NodeStatusLine({ store, nodeId }: Props) {
  const bind = useCallback(
    (el: HTMLElement) => {
      const text = liveText(el);
      const level = liveData(el, 'level');
      const hidden = liveHidden(el);
      return () => {
        const status = store.node(nodeId)?.status;
        const shown = status && !PLACEHOLDERS.has(status.text) ? status.text : '';
        text(shown);
        level(status?.level ?? 'idle');
        hidden(shown === '');
      };
    },
    [store, nodeId],
  );
  const ref = useLiveWrite(store, `node:${nodeId}`, bind);
  return <div ref={ref} className="sf-status-line" data-testid={`status-${nodeId}`} data-level="idle" hidden />;
});
