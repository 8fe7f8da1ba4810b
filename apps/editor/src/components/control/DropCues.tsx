'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';
import { codedMessage } from './AirControls.tsx';

/** Each running drop with its stock and Start / End / Flash, as the commerce panel cues them. */
export function DropCues({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A runtime without the commerce module answers with an error: then there is nothing to cue.
  const drops = useQuery({ ...trpc.commerce.drops.queryOptions({ pipelineId }, { refetchInterval: 2_000 }), retry: false });
  const cue = useMutation(trpc.commerce.cue.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.commerce.drops.queryKey({ pipelineId }) }) }));
  if (!drops.data?.length) return <p className="sf-muted">No drops in this show.</p>;
  return (
    <ul className="sf-cue-list" data-testid="drop-cues">
      {drops.data.map(({ nodeId, drop }) => (
        <li key={nodeId}>
          <strong>{drop.title}</strong>{' '}
          <span className="sf-muted">
            {drop.status} · {drop.available}/{drop.stock} left
          </span>
          {(['start', 'end', 'flash'] as const).map((action) => (
            <button key={action} type="button" className="sf-btn sf-btn-small" disabled={cue.isPending} onClick={() => cue.mutate({ pipelineId, nodeId, action })} data-testid={`drop-${action}-${nodeId}`}>
              {action === 'start' ? 'Start' : action === 'end' ? 'End' : 'Flash'}
            </button>
          ))}
        </li>
      ))}
      {cue.error ? <li className="sf-field-error">{codedMessage(cue.error)}</li> : null}
    </ul>
  );
}
