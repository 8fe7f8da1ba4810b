'use client';

import { createContext, useContext, useSyncExternalStore } from 'react';
import type { NodeSpec } from '@showflow/shared';
import type { CommandContext } from '../../state/editor-state.ts';
import type { EditorSnapshot, EditorStore } from '../../state/editor-store.ts';
import type { MetricsStore } from '../../state/metrics-store.ts';

export type NoticeTone = 'info' | 'error' | 'success';

/** What every part of the editor screen shares. Changes rarely; live data goes through the stores. */
export interface EditorContextValue {
  pipelineId: string;
  store: EditorStore;
  metrics: MetricsStore;
  specs: readonly NodeSpec[];
  commandContext: CommandContext;
  /** Nodes the runtime's last validation pointed at. */
  problemNodes: ReadonlySet<string>;
  notify(message: string, tone?: NoticeTone): void;
}

const EditorContext = createContext<EditorContextValue | null>(null);
export const EditorContextProvider = EditorContext.Provider;

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor needs an EditorContextProvider');
  return value;
}

export function useEditorSnapshot(): EditorSnapshot {
  const { store } = useEditor();
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
