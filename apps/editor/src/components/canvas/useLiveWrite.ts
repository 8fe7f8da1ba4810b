'use client';

import { useCallback } from 'react';
import type { MetricsStore } from '../../state/metrics-store.ts';

/**
 * A ref callback that binds a writer to the element when it attaches, runs it at once and
 * again whenever the store notifies `key`, outside React: a metrics tick then costs a few
 * text writes instead of a render and commit per readout. `bind` runs once per element, so
 * the writer can hold the child elements and what it last wrote (see `liveText`): an update
 * compares strings in JS and crosses into the DOM only for values that changed. React
 * still owns the element's structure; the writer touches only text and `data-*` values
 * React never renders differently, so a later render cannot undo it. A ref callback rather
 * than an effect because a portalled label (edge rates) may attach after its component has
 * mounted. `bind` must be memoised, or the subscription is renewed on every render.
 */
export function useLiveWrite<E extends HTMLElement>(store: MetricsStore, key: string, bind: (el: E) => () => void) {
  return useCallback(
    (el: E | null) => {
      if (!el) return;
      const write = bind(el);
      write();
      return store.subscribe(key, write);
    },
    [store, key, bind],
  );
}

/**
 * The text of an element React renders empty, written from outside React. Remembers what it
 * shows, so writing the same text again reads nothing from the DOM and changes nothing; a
 * change edits the one text node in place.
 */
export function liveText(el: Element): (text: string) => void {
  let shown = el.textContent ?? '';
  let node: Text | null = null;
  return (text) => {
    if (text === shown) return;
    shown = text;
    if (node) node.data = text;
    else {
      el.textContent = text;
      node = el.firstChild as Text | null; // none for ''
    }
  };
}

/** A `data-*` attribute written only when it differs, so an unchanged value invalidates no style. */
export function liveData(el: HTMLElement, name: string): (value: string) => void {
  let shown = el.dataset[name];
  return (value) => {
    if (value === shown) return;
    shown = value;
    el.dataset[name] = value;
  };
}

/** The `hidden` attribute, set only when it changes. */
export function liveHidden(el: HTMLElement): (hidden: boolean) => void {
  let shown = el.hidden;
  return (hidden) => {
    if (hidden === shown) return;
    shown = hidden;
    el.hidden = hidden;
  };
}
