'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * Catches in-app links (the brand link, pipeline lists…) while `dirty` and holds the
 * destination until the producer decides. Runs in the capture phase on the document, so
 * it sees the click before Next's <Link> turns it into a client-side navigation.
 * Links opening elsewhere (new tab, download, other sites) are left alone.
 */
export function useLeaveGuard(dirty: boolean): { pending: string | null; clear(): void } {
  const [pending, setPending] = useState<string | null>(null);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (!dirtyRef.current || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const link = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(link instanceof HTMLAnchorElement) || link.target === '_blank' || link.hasAttribute('download')) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname === window.location.pathname) return;
      e.preventDefault();
      e.stopPropagation();
      setPending(url.pathname + url.search + url.hash);
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, []);

  return { pending, clear: () => setPending(null) };
}
