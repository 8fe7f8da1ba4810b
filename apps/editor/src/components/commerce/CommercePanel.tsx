'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';
import { FunnelBars } from './FunnelBars.tsx';
import './commerce.css';

type Cue = 'start' | 'end' | 'flash';

/** The producer's view of a show's drops: live state, funnel, order counter and cues. */
export function CommercePanel({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dropsKey = trpc.commerce.drops.queryOptions({ pipelineId });
  const { data, error } = useQuery(trpc.commerce.drops.queryOptions({ pipelineId }, { refetchInterval: 1_000, staleTime: 0 }));
  const cue = useMutation(
    trpc.commerce.cue.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: dropsKey.queryKey }),
    }),
  );
  const send = (nodeId: string, action: Cue) => cue.mutate({ pipelineId, nodeId, action, cueId: crypto.randomUUID() });

  if (error) return <p className="sf-muted sf-commerce-empty">Commerce unavailable: {error.message}</p>;
  if (!data) return <p className="sf-muted sf-commerce-empty">Loading drops…</p>;
  return (
    <div className="sf-commerce" data-testid="commerce-panel">
      <p className="sf-hint">
        Viewers buy on <a href={`/watch/${pipelineId}`} target="_blank" rel="noreferrer">/watch/{pipelineId}</a>
      </p>
      {data.length === 0 ? <p className="sf-muted">No running drop nodes. Add a Micro-drop node and deploy.</p> : null}
      {data.map(({ nodeId, drop, funnel }) => (
        <section key={nodeId} className="sf-commerce-drop" data-testid={`commerce-drop-${nodeId}`}>
          <header>
            <h3>{drop.title}</h3>
            <span className={`sf-pill ${drop.status === 'live' ? 'sf-pill-live' : 'sf-pill-warn'}`} data-testid={`commerce-status-${nodeId}`}>
              {drop.startsOnCue ? 'waiting for cue' : drop.status.replace('_', ' ')}
            </span>
          </header>
          <div className="sf-commerce-counter">
            <span className="sf-commerce-orders" data-testid={`commerce-orders-${nodeId}`}>
              {funnel.orders}
            </span>
            <span className="sf-muted">
              orders · {drop.sold}/{drop.stock} sold · {drop.available} left
            </span>
          </div>
          <FunnelBars funnel={funnel} />
          {funnel.oversoldUnits > 0 ? <p className="sf-commerce-incident">Oversold by {funnel.oversoldUnits} — incident</p> : null}
          <div className="sf-commerce-cues">
            <button type="button" className="sf-btn sf-btn-small" disabled={cue.isPending || drop.status !== 'scheduled'} onClick={() => send(nodeId, 'start')} data-testid={`cue-start-${nodeId}`}>
              Start
            </button>
            <button type="button" className="sf-btn sf-btn-small" disabled={cue.isPending || drop.status === 'ended'} onClick={() => send(nodeId, 'end')} data-testid={`cue-end-${nodeId}`}>
              End
            </button>
            <button type="button" className="sf-btn sf-btn-small" disabled={cue.isPending || drop.status === 'ended'} onClick={() => send(nodeId, 'flash')} data-testid={`cue-flash-${nodeId}`}>
              Flash “just sold”
            </button>
          </div>
          <p className="sf-hint">
            {/* Built from the data on screen: the runtime's funnel route asks for a producer credential the browser holds only for the editor's origin. */}
            <code>{drop.id}</code> · <a href={`data:application/json,${encodeURIComponent(JSON.stringify({ drop: drop.id, ...funnel }, null, 2))}`} download={`funnel-${drop.id}.json`}>funnel JSON</a>
          </p>
        </section>
      ))}
      {cue.error ? <p className="sf-commerce-incident">Cue refused: {cue.error.message}</p> : null}
    </div>
  );
}
