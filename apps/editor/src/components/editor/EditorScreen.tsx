'use client';

import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useTRPC } from '../../api/trpc.ts';
import { contextFromSpecs } from '../../state/editor-state.ts';
import { EditorStore } from '../../state/editor-store.ts';
import { EditorWorkspace } from './EditorWorkspace.tsx';

/** Loads a pipeline and the node catalog, then opens the editor on them. */
export function EditorScreen({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  // Loaded once: later refetches must not replace what is being edited (a package reload refetches the catalog on purpose).
  const opts = { staleTime: Infinity, refetchOnMount: false, refetchOnReconnect: false } as const;
  const pipeline = useQuery({ ...trpc.pipelines.get.queryOptions({ id: pipelineId }), ...opts });
  const catalog = useQuery({ ...trpc.catalog.list.queryOptions(), ...opts });
  // One store per loaded pipeline: a catalog refreshed after a node package reload reaches the
  // open store through EditorWorkspace's setContext, so unsaved edits survive the reload.
  const catalogLoaded = catalog.data !== undefined;
  const store = useMemo(
    () => (pipeline.data && catalog.data ? new EditorStore(pipeline.data.document, contextFromSpecs(catalog.data)) : null),
    [pipeline.data, catalogLoaded],
  );

  const error = pipeline.error ?? catalog.error;
  if (error) {
    return (
      <div className="sf-page sf-center" data-testid="load-error">
        <h1>Cannot open {pipelineId}</h1>
        <p className="sf-field-error">{error.message}</p>
        <a href="/">Back to pipelines</a>
      </div>
    );
  }
  if (!store || !pipeline.data || !catalog.data) return <div className="sf-page sf-center sf-muted">Loading {pipelineId}…</div>;
  return (
    <ReactFlowProvider>
      <EditorWorkspace
        pipelineId={pipelineId}
        store={store}
        specs={catalog.data}
        initialActiveVersion={pipeline.data.activeVersion ?? null}
      />
    </ReactFlowProvider>
  );
}
