'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';
import './safe-mode.css';

/**
 * Shown over the canvas while the runtime holds this pipeline back in safe mode: a node
 * package it uses crashed over and over right after starting, so after a restart the
 * pipeline waits (SF216) instead of crash-looping on air. Says which package and how often,
 * and lets a producer or owner resume it once the package is fixed or removed.
 */
export function SafeModeBanner({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const state = useQuery(trpc.pipelines.state.queryOptions({ id: pipelineId }, { refetchInterval: 5_000 }));
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const resume = useMutation(
    trpc.pipelines.resume.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.pipelines.state.queryKey({ id: pipelineId }) }),
    }),
  );
  const paused = state.data?.state === 'paused' ? state.data : undefined;
  if (!paused) return null;
  const role = me.data?.signedIn ? me.data.role : undefined;
  const mayResume = role === 'producer' || role === 'owner';
  return (
    <section className="sf-safe-mode" role="alert" data-testid="safe-mode">
      <div className="sf-safe-mode-text">
        <strong>
          Paused in safe mode <code>{paused.reason.code}</code>
        </strong>
        <ul>
          {paused.reason.packages.map((p) => (
            <li key={p.package} data-testid="safe-mode-package" data-package={p.package} data-crashes={p.crashes}>
              <code>{p.package}</code> crashed {p.crashes}× right after starting (last: {p.code} {p.message})
            </li>
          ))}
        </ul>
        <p className="sf-muted">Version v{paused.version} is not running. Fix or remove the package, then resume; it runs again with a clean slate.</p>
        {resume.error && (
          <p className="sf-field-error" data-testid="safe-mode-error">
            Could not resume: {resume.error.message}
          </p>
        )}
      </div>
      {mayResume ? (
        <button type="button" className="sf-btn sf-btn-primary" data-testid="safe-mode-resume" disabled={resume.isPending} onClick={() => resume.mutate({ id: pipelineId })}>
          {resume.isPending ? 'Resuming…' : 'Resume'}
        </button>
      ) : (
        <p className="sf-muted" data-testid="safe-mode-ask">A producer or owner can resume it.</p>
      )}
    </section>
  );
}
