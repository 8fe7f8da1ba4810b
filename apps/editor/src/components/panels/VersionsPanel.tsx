'use client';

import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';
import { useVersionDocument } from '../../hooks/useVersionDocument.ts';
import { diffDocuments } from '../../state/document-diff.ts';
import { useEditor, useEditorSnapshot } from '../editor/EditorContext.tsx';
import { ChangeList } from './ChangeList.tsx';
import { DiffSummary } from './DiffSummary.tsx';
import './versions.css';

interface Props {
  pipelineId: string;
  onRollback(version: number): void;
  /** Shows a deployed version on its own read-only canvas. */
  onOpen(version: number): void;
  busy: boolean;
}

/** Deployed versions, newest first, with their notes and changes; any older one rolls back in one click. */
export function VersionsPanel({ pipelineId, onRollback, onOpen, busy }: Props) {
  const trpc = useTRPC();
  const { data, error, isPending } = useQuery(trpc.versions.list.queryOptions({ pipelineId }));
  const [open, setOpen] = useState<number | null>(null);
  if (isPending) return <p className="sf-muted">Loading versions…</p>;
  if (error) return <p className="sf-field-error">{error.message}</p>;
  if (!data.length) return <p className="sf-muted" data-testid="versions-empty">Nothing deployed yet.</p>;
  const live = data.find((v) => v.active)?.version ?? null;
  return (
    <div>
      {live !== null && <DraftAgainstLive pipelineId={pipelineId} live={live} />}
      <ol className="sf-versions" data-testid="versions">
        {data.map((v, i) => (
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
            {v.note && (
              <p className="sf-version-note" data-testid={`version-note-${v.version}`}>
                “{v.note}”
              </p>
            )}
            <div className="sf-version-actions">
              {data[i + 1] && (
                <button type="button" className="sf-btn sf-btn-small" data-testid={`changes-${v.version}`} onClick={() => setOpen(open === v.version ? null : v.version)}>
                  {open === v.version ? 'Hide changes' : `Changes since v${data[i + 1].version}`}
                </button>
              )}
              <button type="button" className="sf-btn sf-btn-small" data-testid={`open-${v.version}`} onClick={() => onOpen(v.version)}>
                Open read-only
              </button>
              {!v.active && (
                <button type="button" className="sf-btn sf-btn-small" data-testid={`rollback-${v.version}`} disabled={busy} onClick={() => onRollback(v.version)}>
                  Roll back to v{v.version}
                </button>
              )}
            </div>
            {open === v.version && data[i + 1] && <VersionChanges pipelineId={pipelineId} from={data[i + 1].version} to={v.version} />}
          </li>
        ))}
      </ol>
    </div>
  );
}

function VersionChanges({ pipelineId, from, to }: { pipelineId: string; from: number; to: number }) {
  const { specs } = useEditor();
  const before = useVersionDocument(pipelineId, from);
  const after = useVersionDocument(pipelineId, to);
  const changes = useMemo(
    () => (before.data && after.data ? diffDocuments(before.data.document, after.data.document, (t) => specs.find((s) => s.type === t)?.title) : null),
    [before.data, after.data, specs],
  );
  if (before.error || after.error) return <p className="sf-field-error">{(before.error ?? after.error)!.message}</p>;
  if (!changes) return <p className="sf-muted">Loading…</p>;
  return <ChangeList changes={changes} testId={`version-changes-${to}`} />;
}

/** What deploying the canvas now would change in what runs. */
function DraftAgainstLive({ pipelineId, live }: { pipelineId: string; live: number }) {
  const { specs } = useEditor();
  const { state } = useEditorSnapshot();
  const running = useVersionDocument(pipelineId, live);
  const changes = useMemo(
    () => (running.data ? diffDocuments(running.data.document, state.doc, (t) => specs.find((s) => s.type === t)?.title) : null),
    [running.data, state.doc, specs],
  );
  if (!changes) return null;
  return (
    <section className="sf-draft-diff" data-testid="draft-vs-live">
      <h3>Canvas against live v{live}</h3>
      <ChangeList changes={changes} testId="draft-changes" />
    </section>
  );
}
