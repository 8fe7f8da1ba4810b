'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';
import { DiffSummary } from './DiffSummary.tsx';

/** Deployed versions, newest first; any older one rolls back in one click. */
export function VersionsPanel({ pipelineId, onRollback, busy }: { pipelineId: string; onRollback(version: number): void; busy: boolean }) {
  const trpc = useTRPC();
  const { data, error, isPending } = useQuery(trpc.versions.list.queryOptions({ pipelineId }));
  if (isPending) return <p className="sf-muted">Loading versions…</p>;
  if (error) return <p className="sf-field-error">{error.message}</p>;
  if (!data.length) return <p className="sf-muted" data-testid="versions-empty">Nothing deployed yet.</p>;
  return (
    <ol className="sf-versions" data-testid="versions">
      {data.map((v) => (
        <li key={v.version} className={v.active ? 'is-active' : undefined} data-testid={`version-${v.version}`}>
          <div className="sf-version-head">
            <strong>v{v.version}</strong>
            {v.active && <span className="sf-pill sf-pill-live">live</span>}
            <DiffSummary summary={v.summary} />
          </div>
          <div className="sf-version-meta">
            <time dateTime={new Date(v.createdAt).toISOString()}>{new Date(v.createdAt).toLocaleString()}</time>
            <code title={v.hash}>{v.hash.replace(/^sha256:/, '').slice(0, 8)}</code>
          </div>
          {v.note && <p className="sf-hint">{v.note}</p>}
          {!v.active && (
            <button type="button" className="sf-btn sf-btn-small" data-testid={`rollback-${v.version}`} disabled={busy} onClick={() => onRollback(v.version)}>
              Roll back to v{v.version}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
