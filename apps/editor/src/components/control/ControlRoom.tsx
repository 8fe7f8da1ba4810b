'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useRuntimeUrl } from '../../api/RuntimeProvider.tsx';
import { useTRPC } from '../../api/trpc.ts';
import { AirControls } from './AirControls.tsx';
import { DropCues } from './DropCues.tsx';
import { PreviewMonitor } from './PreviewMonitor.tsx';
import { ProgramMonitor } from './ProgramMonitor.tsx';
import { ScenesPanel } from './ScenesPanel.tsx';
import { VariationCues } from './VariationCues.tsx';
import { generativeNodes, previewSource } from './program-sources.ts';
import { useAirState } from './useAirState.ts';
import { useControlShortcuts, type ControlKeys } from './useControlShortcuts.ts';
import { useScenes } from './useScenes.ts';
import './control.css';

/**
 * Running a show: preview and program monitors side by side, the program's sound meter,
 * the true on-air state, and every cue (scenes, drops, variations) on one panel, with
 * vision-mixer keys.
 */
export function ControlRoom({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  const runtimeUrl = useRuntimeUrl();
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ id: pipelineId }));
  const { air } = useAirState(pipelineId);
  const activeVersion = air.data?.activeVersion ?? null;
  const version = useQuery({ ...trpc.versions.get.queryOptions({ pipelineId, version: activeVersion ?? 1 }), enabled: activeVersion !== null, staleTime: Infinity });
  const document = activeVersion !== null ? version.data?.document : undefined;
  const scenes = useScenes(pipelineId);
  const main = scenes.switchers[0];
  const previewNode = previewSource(document, main);
  const previewLabel = main ? (main.names[main.preview - 1] ?? `input ${main.preview}`) : (previewNode ?? '');

  const { mutate } = scenes.cue;
  const mainId = main?.nodeId;
  const keys = useMemo<ControlKeys | null>(
    () =>
      mainId
        ? {
            preview: (scene) => mutate({ pipelineId, nodeId: mainId, action: 'preview', scene }),
            cut: () => mutate({ pipelineId, nodeId: mainId, action: 'cut' }),
            fade: () => mutate({ pipelineId, nodeId: mainId, action: 'fade' }),
          }
        : null,
    [mainId, mutate, pipelineId],
  );
  useControlShortcuts(keys);

  return (
    <div className="sf-control" data-testid="control-room">
      <header className="sf-control-head">
        <span className="sf-brand">Showflow</span>
        <h1 data-testid="control-name">{pipeline.data?.document.name ?? pipelineId}</h1>
        <AirControls pipelineId={pipelineId} />
        <nav>
          <Link href={`/pipelines/${pipelineId}`}>Editor</Link> · <a href={`/watch/${pipelineId}`} target="_blank" rel="noreferrer">Watch page</a> · <Link href="/">Pipelines</Link>
        </nav>
      </header>
      <section className="sf-control-monitors">
        <PreviewMonitor pipelineId={pipelineId} nodeId={previewNode} label={previewLabel} />
        <ProgramMonitor runtimeUrl={runtimeUrl} pipelineId={pipelineId} onAir={air.data?.onAir ?? false} />
      </section>
      <section className="sf-control-cues" aria-label="cues">
        <div>
          <h2>Scenes</h2>
          <ScenesPanel pipelineId={pipelineId} scenes={scenes} />
        </div>
        <div>
          <h2>Drops</h2>
          <DropCues pipelineId={pipelineId} />
        </div>
        <div>
          <h2>Variations</h2>
          {generativeNodes(document).length ? generativeNodes(document).map((id) => <VariationCues key={id} pipelineId={pipelineId} nodeId={id} />) : <p className="sf-muted">No generative overlays in this show.</p>}
        </div>
      </section>
    </div>
  );
}
