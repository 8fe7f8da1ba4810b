import { useRef } from 'react';

/**
 * Stable React keys for a list's items, so an item being edited keeps its inputs (and the
 * text typed in them) when another item is moved or removed. A list changed from outside
 * (undo, a template) only grows or shrinks the keys.
 */
export function useItemKeys(length: number) {
  const next = useRef(0);
  const keys = useRef<string[]>([]);
  while (keys.current.length < length) keys.current.push(`item-${next.current++}`);
  if (keys.current.length > length) keys.current.length = length;
  return {
    keys: keys.current,
    swap(i: number, j: number) {
      [keys.current[i], keys.current[j]] = [keys.current[j], keys.current[i]];
    },
    remove(i: number) {
      keys.current.splice(i, 1);
    },
  };
}
