'use client';

import Link from 'next/link';
import { usePipelineReadout } from '../../hooks/useMetrics.ts';
import type { LiveStatus } from '../../hooks/useLiveMetrics.ts';
import { formatMs } from '../../state/budget.ts';
import { LiveMarker } from '../panels/LiveMarker.tsx';
import { useEditor, useEditorSnapshot } from './EditorContext.tsx';

/** Pipeline name, deployed version, end-to-end latency and connection state. */
export function PipelineHeader({
  activeVersion,
  live,
  onShowLiveChanges,
  children,
}: {
  activeVersion: number | null;
  live: LiveStatus;
  onShowLiveChanges(): void;
  children: React.ReactNode;
}) {
  const { metrics } = useEditor();
  const { state, dirty } = useEditorSnapshot();
  const readout = usePipelineReadout(metrics);
  const e2e = readout?.endToEnd;
  return (
    <header className="sf-header">
      <Link href="/" className="sf-brand">
        Showflow
      </Link>
      <div className="sf-title">
        <h1 data-testid="pipeline-name">{state.doc.name}</h1>
        <code>{state.doc.id}</code>
        {dirty && (
          <span className="sf-pill sf-pill-warn" data-testid="dirty">
            unsaved
          </span>
        )}
        <LiveMarker activeVersion={activeVersion} onShow={onShowLiveChanges} />
      </div>
      <dl className="sf-stats">
        <div>
          <dt>deployed</dt>
          <dd data-testid="deployed-version">{activeVersion ? `v${activeVersion}` : '—'}</dd>
        </div>
        <div>
          <dt>end-to-end p50/p95</dt>
          <dd data-testid="e2e-latency">{e2e && e2e.count > 0 ? `${formatMs(e2e.p50)} / ${formatMs(e2e.p95)} ms` : '—'}</dd>
        </div>
        <div>
          <dt>live</dt>
          <dd>
            <span className={`sf-dot sf-dot-${live}`} data-testid="live-status" data-status={live} /> {live}
          </dd>
        </div>
      </dl>
      <div className="sf-toolbar">{children}</div>
    </header>
  );
}
