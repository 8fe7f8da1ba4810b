'use client';

import { useEffect, useRef, useState } from 'react';
import type { CommerceApi, ShowDrop } from './commerce-api.ts';

/**
 * The show's drops, polled each second, so price, stock and countdown on the page are the
 * server's latest. Each drop the viewer is shown counts one impression per page view.
 */
export function useShowDrops(api: CommerceApi, pipelineId: string, intervalMs = 1000) {
  const [drops, setDrops] = useState<ShowDrop[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const counted = useRef(new Set<string>());

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const list = await api.showDrops(pipelineId);
        if (stopped) return;
        setDrops(list);
        setError(null);
        for (const { drop } of list) {
          if (drop.startsOnCue || counted.current.has(drop.id)) continue;
          counted.current.add(drop.id);
          void api.impression(drop.id).catch(() => counted.current.delete(drop.id));
        }
      } catch (e) {
        if (!stopped) setError((e as Error).message);
      }
    };
    void load();
    const timer = setInterval(load, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, pipelineId, intervalMs]);

  return { drops, error };
}
