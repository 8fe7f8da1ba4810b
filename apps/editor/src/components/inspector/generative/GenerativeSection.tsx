'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRuntimeUrl } from '../../../api/RuntimeProvider.tsx';
import { useTRPC } from '../../../api/trpc.ts';
import { formatGenerativeStats } from './format.ts';
import { VariationGrid } from './VariationGrid.tsx';
import './generative.css';

/** Variations of a running generative overlay, switchable live, with its cache and spend readout. */
export function GenerativeSection({ pipelineId, nodeId }: { pipelineId: string; nodeId: string }) {
  const trpc = useTRPC();
  const runtimeUrl = useRuntimeUrl();
  const queryClient = useQueryClient();
  const ref = { pipelineId, nodeId };
  const variationsQuery = trpc.generative.variations.queryOptions(ref, { refetchInterval: 2_000, staleTime: 0, retry: false });
  const variations = useQuery(variationsQuery);
  const stats = useQuery(trpc.generative.stats.queryOptions(ref, { refetchInterval: 2_000, staleTime: 0, retry: false }));
  const select = useMutation(
    trpc.generative.select.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: variationsQuery.queryKey }),
    }),
  );

  if (variations.error) {
    return (
      <p className="sf-muted" data-testid="variations-empty">
        Deploy to generate the variations ({variations.error.message}).
      </p>
    );
  }
  if (!variations.data) return <p className="sf-muted">Loading variations…</p>;
  return (
    <div className="sf-gen" data-testid="generative-section">
      <VariationGrid
        variations={variations.data.variations}
        active={select.isPending ? (select.variables?.index ?? variations.data.active) : variations.data.active}
        runtimeUrl={runtimeUrl}
        busy={select.isPending}
        onSelect={(index) => select.mutate({ ...ref, index })}
      />
      {select.error && <p className="sf-field-error">Switch failed: {select.error.message}</p>}
      <p className="sf-hint">Switching is live and not saved: redeploying this node shows the Active setting again.</p>
      {stats.data && (
        <p className="sf-hint" data-testid="generative-stats">
          {formatGenerativeStats(stats.data)}
        </p>
      )}
    </div>
  );
}
