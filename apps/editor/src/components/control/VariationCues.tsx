'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';
import { codedMessage } from './AirControls.tsx';

/** A generative overlay's precomputed variations: one click (no provider call) puts one on air. */
export function VariationCues({ pipelineId, nodeId }: { pipelineId: string; nodeId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listing = useQuery({ ...trpc.generative.variations.queryOptions({ pipelineId, nodeId }, { refetchInterval: 3_000 }), retry: false });
  const select = useMutation(trpc.generative.select.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.generative.variations.queryKey({ pipelineId, nodeId }) }) }));
  if (!listing.data) return null;
  return (
    <div className="sf-cue-list" data-testid={`variation-cues-${nodeId}`}>
      <span>{nodeId}</span>
      {listing.data.variations.map((v) => (
        <button
          key={v.index}
          type="button"
          className={`sf-btn sf-btn-small ${listing.data?.active === v.index ? 'sf-scene-program' : ''}`}
          disabled={select.isPending || Boolean(v.error)}
          onClick={() => select.mutate({ pipelineId, nodeId, index: v.index })}
          title={v.error ? `${v.error.code} ${v.error.message}` : v.prompt}
        >
          {v.prompt.slice(0, 24) || `#${v.index + 1}`}
        </button>
      ))}
      {select.error ? <span className="sf-field-error">{codedMessage(select.error)}</span> : null}
    </div>
  );
}
