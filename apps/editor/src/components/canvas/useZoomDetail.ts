'use client';

import { useEffect, type RefObject } from 'react';
import { useStoreApi } from '@xyflow/react';
import { zoomDetail } from './zoom-detail.ts';

/**
 * Writes the level of detail for the current zoom to `data-zoom-detail` on the canvas
 * element, straight to the DOM: zooming re-renders no React component, and CSS does the rest.
 */
export function useZoomDetail(ref: RefObject<HTMLElement | null>): void {
  const store = useStoreApi();
  useEffect(() => {
    let current = '';
    const apply = (zoom: number) => {
      const level = zoomDetail(zoom);
      if (level === current || !ref.current) return;
      current = level;
      ref.current.dataset.zoomDetail = level;
    };
    apply(store.getState().transform[2]);
    return store.subscribe((s) => apply(s.transform[2]));
  }, [store, ref]);
}
