'use client';

import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useRuntimeUrl } from '../../api/RuntimeProvider.tsx';
import { useTRPC } from '../../api/trpc.ts';
import { Checkout } from './Checkout.tsx';
import { commerceApi } from './commerce-api.ts';
import { Confirmation } from './Confirmation.tsx';
import { DropCard } from './DropCard.tsx';
import { StreamPlayer } from './StreamPlayer.tsx';
import { usePurchase } from './usePurchase.ts';
import { useShowDrops } from './useShowDrops.ts';
import './watch.css';

/** The viewer's page: the composed stream, and the show's drops to reserve and buy. */
export function WatchScreen({ pipelineId }: { pipelineId: string }) {
  const runtimeUrl = useRuntimeUrl();
  const trpc = useTRPC();
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ id: pipelineId }, { staleTime: 60_000 }));
  const programNode = pipeline.data?.document.nodes.find((n) => n.type === 'showflow.preview')?.id ?? null;
  const api = useMemo(() => commerceApi(runtimeUrl), [runtimeUrl]);
  const { drops, error } = useShowDrops(api, pipelineId);
  const purchase = usePurchase(api);
  const payments = usePaymentsMode(api);
  const { state } = purchase;
  const visible = (drops ?? []).filter((d) => !d.drop.startsOnCue);
  // Real frames arriving, as the player sees them; null while a player that cannot tell plays.
  const [live, setLive] = useState<boolean | null>(null);

  return (
    <div className="sf-watch" data-testid="watch">
      <header className="sf-watch-header">
        <span className="sf-brand">Showflow</span>
        <h1 data-testid="show-name">{pipeline.data?.document.name ?? pipelineId}</h1>
        <span className={live === false ? 'sf-pill sf-pill-offline' : 'sf-pill sf-pill-live'} data-testid="live-badge">
          {live === false ? 'offline' : 'live'}
        </span>
      </header>
      <main className="sf-watch-stage">
        {pipeline.error ? <p className="sf-player-note">This show is not available: {pipeline.error.message}</p> : <StreamPlayer runtimeUrl={runtimeUrl} pipelineId={pipelineId} nodeId={programNode} onLiveChange={setLive} />}
      </main>
      <aside className="sf-watch-shop" aria-label="Shop">
        {state.step === 'checkout' ? (
          <Checkout
            reservation={state.reservation}
            title={state.drop.title}
            serverTime={state.serverTime}
            receivedAt={state.receivedAt}
            busy={purchase.busy === 'confirm' || purchase.busy === 'cancel' ? purchase.busy : null}
            error={purchase.error}
            payments={payments}
            onConfirm={purchase.confirm}
            onCancel={purchase.cancel}
          />
        ) : state.step === 'confirmed' ? (
          <Confirmation order={state.order} title={state.drop.title} onDone={purchase.done} />
        ) : (
          <>
            {visible.map(({ drop }) => (
              <DropCard key={drop.id} drop={drop} busy={purchase.busy === 'reserve'} onReserve={() => purchase.reserve(drop)} />
            ))}
            {drops && visible.length === 0 ? <p className="sf-muted" data-testid="no-drops">Nothing on sale right now — stay tuned.</p> : null}
            {error ? <p className="sf-checkout-error">Shop unavailable: {error}</p> : null}
            {purchase.error ? (
              <p className="sf-checkout-error" role="alert" data-testid="purchase-error">
                {purchase.error}
              </p>
            ) : null}
          </>
        )}
      </aside>
    </div>
  );
}

/** Which payment provider the shop charges with, from the viewer session (null until known). */
function usePaymentsMode(api: ReturnType<typeof commerceApi>): string | null {
  const [mode, setMode] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.session().then(
      (s) => live && setMode(s.payments),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return mode;
}
