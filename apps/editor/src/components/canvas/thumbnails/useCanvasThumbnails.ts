'use client';

import { useEffect, useMemo, useState } from 'react';
import { useStoreApi } from '@xyflow/react';
import type { MetricsStore } from '../../../state/metrics-store.ts';
import { zoomDetail } from '../zoom-detail.ts';
import type { ThumbnailSlots } from './ThumbnailContext.tsx';
import { ThumbnailScheduler, type FrameSource } from './thumbnail-scheduler.ts';

/** Levels of detail at which a 96×54 picture is still worth its bytes (see zoom-detail.ts). */
const ZOOM_LEVELS_WITH_THUMBNAILS = new Set(['full', 'compact']);

export interface ThumbnailOptions {
  source: FrameSource;
  metrics: MetricsStore;
  /** The pipeline is deployed and its metrics are streaming. */
  running: boolean;
  /** The producer's toggle. */
  enabled: boolean;
}

/**
 * One scheduler for the canvas, with what it needs to know: which thumbnails are on screen
 * (one IntersectionObserver, which also sees React Flow's clipping), the zoom level, and
 * whether the pipeline runs. Returns null while thumbnails are off or the pipeline is not
 * running, so nodes render no thumbnail box at all.
 */
export function useCanvasThumbnails(options: ThumbnailOptions | undefined): ThumbnailSlots | null {
  const flow = useStoreApi();
  const { source, metrics } = options ?? {};
  const active = !!options && options.running && options.enabled;
  const [slots, setSlots] = useState<ThumbnailSlots | null>(null);

  useEffect(() => {
    if (!active || !source || !metrics) return;
    const scheduler = new ThumbnailScheduler({ source, isLive: (id) => metrics.node(id) !== undefined });
    scheduler.setGate('running', true);
    const ids = new WeakMap<Element, string>();
    const observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => {
            for (const e of entries) {
              const id = ids.get(e.target);
              if (id) scheduler.setVisible(id, e.isIntersecting);
            }
          });
    const applyZoom = (zoom: number) => scheduler.setGate('zoom', ZOOM_LEVELS_WITH_THUMBNAILS.has(zoomDetail(zoom)));
    applyZoom(flow.getState().transform[2]);
    const unsubscribe = flow.subscribe((s) => applyZoom(s.transform[2]));
    setSlots({
      scheduler,
      attach: (nodeId, img) => {
        const detach = scheduler.attach(nodeId, img);
        // The box, not the <img>: a hidden image has no box, so it would never count as on screen.
        const box = img.parentElement ?? img;
        ids.set(box, nodeId);
        if (observer) observer.observe(box);
        else scheduler.setVisible(nodeId, true);
        return () => {
          observer?.unobserve(box);
          detach();
        };
      },
    });
    return () => {
      unsubscribe();
      observer?.disconnect();
      scheduler.dispose();
      setSlots(null);
    };
  }, [active, source, metrics, flow]);

  return useMemo(() => (active ? slots : null), [active, slots]);
}
