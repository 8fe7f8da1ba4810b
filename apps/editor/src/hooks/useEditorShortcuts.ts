'use client';

import { useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { autoLayout, copySelection, deleteSelection, duplicateNodes, paste, selectAll, type ClipboardContent } from '../state/commands/index.ts';
import type { EditorStore } from '../state/editor-store.ts';
import type { FlowAdapter } from '../state/flow-adapter.ts';

export interface ShortcutActions {
  save(): void;
  /** False while something else owns the keyboard (an old version open read-only). */
  enabled?(): boolean;
  /** Where copy puts nodes, shared with the canvas's context menu (Paste here). */
  clipboard?: { current: ClipboardContent | null };
}

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/**
 * Editor keys: ⌘/Ctrl+Z undo, ⌘/Ctrl+Shift+Z or Ctrl+Y redo, Delete/Backspace delete,
 * ⌘/Ctrl+C/V/D copy/paste/duplicate, ⌘/Ctrl+A select all, ⌘/Ctrl+S save, L layout, F fit, / search.
 */
export function useEditorShortcuts(store: EditorStore, adapter: FlowAdapter, actions: ShortcutActions): void {
  const flow = useReactFlow();
  const own = useRef<ClipboardContent | null>(null);
  const clipboard = actions.clipboard ?? own;
  const latest = useRef(actions);
  latest.current = actions;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (latest.current.enabled && !latest.current.enabled()) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') {
        e.preventDefault();
        latest.current.save();
        return;
      }
      if (isTyping(e.target)) return;
      const run = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (mod && key === 'z' && !e.shiftKey) run(() => store.undo());
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) run(() => store.redo());
      else if (mod && key === 'a') run(() => store.run(selectAll, undefined));
      else if (mod && key === 'c') run(() => (clipboard.current = copySelection(store.getSnapshot().state) ?? clipboard.current));
      else if (mod && key === 'v' && clipboard.current) run(() => store.run(paste, { content: clipboard.current! }));
      else if (mod && key === 'd') {
        run(() => store.run(duplicateNodes, { nodes: store.getSnapshot().state.selection.nodes, sizes: adapter.sizeMap() }));
      } else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) run(() => store.run(deleteSelection, undefined));
      else if (!mod && key === 'l') run(() => store.run(autoLayout, { sizes: adapter.sizeMap() }));
      else if (!mod && key === 'f') run(() => void flow.fitView({ duration: 200, maxZoom: 1, padding: 0.15 }));
      else if (!mod && key === '/') run(() => document.querySelector<HTMLInputElement>('[data-testid="palette-search"]')?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, adapter, flow, clipboard]);
}
