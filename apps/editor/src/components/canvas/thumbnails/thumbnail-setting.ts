'use client';

import { useCallback, useEffect, useState } from 'react';

const KEY = 'showflow.canvas.thumbnails';

/**
 * Whether the canvas shows live thumbnails: on unless the producer turned them off on this
 * browser. Read after mount, so the server's HTML and the first client render agree.
 */
export function useThumbnailSetting(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(true);
  useEffect(() => {
    try {
      setOn(localStorage.getItem(KEY) !== 'off');
    } catch {
      // Storage blocked (private mode, policy): keep the default.
    }
  }, []);
  const change = useCallback((next: boolean) => {
    setOn(next);
    try {
      localStorage.setItem(KEY, next ? 'on' : 'off');
    } catch {
      // Not kept across visits; still applies now.
    }
  }, []);
  return [on, change];
}
