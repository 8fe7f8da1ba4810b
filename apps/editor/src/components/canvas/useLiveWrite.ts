'use client';

import { useCallback } from 'react';
import type { MetricsStore } from '../../state/metrics-store.ts';

/**
 * A ref callback that runs `write` on the element when it attaches and whenever the store
 * notifies `key`, outside React: a metrics tick then costs a few text writes instead of a
 * render and commit per readout. React still owns the element's structure; `write` touches
 * only text and `data-*` values React never renders differently, so a later render cannot
 * undo it. A ref callback rather than an effect because a portalled label (edge rates)
 * may attach after its component has mounted. `write` must be memoised, or the
 * subscription is renewed on every render.
 */
export function useLiveWrite<E extends HTMLElement>(store: MetricsStore, key: string, write: (el: E) => void) {
  return useCallback(
    (el: E | null) => {
      if (!el) return;
      const run = () => write(el);
      run();
      return store.subscribe(key, run);
    },
    [store, key, write],
  );
}

/** Changes the text only if it differs, editing the existing text node in place. */
export function setText(el: Element, text: string): void {
  const node = el.firstChild;
  if (node instanceof Text && !node.nextSibling) {
    if (node.data !== text) node.data = text;
  } else if (el.textContent !== text) {
    el.textContent = text;
  }
}

/** Changes a `data-*` attribute only if it differs, so an unchanged value invalidates no style. */
export function setData(el: HTMLElement, name: string, value: string): void {
  if (el.dataset[name] !== value) el.dataset[name] = value;
}
