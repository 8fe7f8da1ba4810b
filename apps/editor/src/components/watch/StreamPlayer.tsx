'use client';

import { useEffect, useState } from 'react';
import { LivePlayer } from '../live/LivePlayer.tsx';
import { ProgramPlayer } from './program/ProgramPlayer.tsx';

interface Props {
  runtimeUrl: string;
  pipelineId: string;
  /** The pipeline's program output (a `showflow.preview` node). */
  nodeId: string | null;
  /** How often a new frame is fetched. */
  intervalMs?: number;
  /** Whether pictures are really arriving, for the LIVE badge (null: not known). */
  onLiveChange?(live: boolean | null): void;
}

/**
 * The composed stream. A pipeline with a program output plays it with sound (WHEP, then
 * HLS); one with only the JPEG viewer output plays that; else the refreshed preview image.
 */
export function StreamPlayer(props: Props) {
  const jpeg = <LivePlayer runtimeUrl={props.runtimeUrl} pipelineId={props.pipelineId} fallback={<PreviewImagePlayer {...props} />} />;
  return <ProgramPlayer runtimeUrl={props.runtimeUrl} pipelineId={props.pipelineId} fallback={jpeg} onLiveChange={props.onLiveChange} />;
}

function PreviewImagePlayer({ runtimeUrl, pipelineId, nodeId, intervalMs = 250 }: Props) {
  const [frame, setFrame] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);

  useEffect(() => {
    if (!nodeId) return;
    let stopped = false;
    let current: string | null = null;
    const load = async () => {
      try {
        const res = await fetch(`${runtimeUrl}/preview/${encodeURIComponent(pipelineId)}/${encodeURIComponent(nodeId)}.jpg`, { cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const url = URL.createObjectURL(await res.blob());
        if (stopped) return URL.revokeObjectURL(url);
        if (current) URL.revokeObjectURL(current);
        current = url;
        setFrame(url);
        setOffline(false);
      } catch {
        if (!stopped) setOffline(true);
      }
    };
    void load();
    const timer = setInterval(load, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      if (current) URL.revokeObjectURL(current);
    };
  }, [runtimeUrl, pipelineId, nodeId, intervalMs]);

  return (
    <div className="sf-player" data-testid="stream-player">
      {frame ? <img src={frame} alt="live stream" data-testid="stream-frame" /> : null}
      {!nodeId ? <p className="sf-player-note">This show has no program output.</p> : offline || !frame ? <p className="sf-player-note">Waiting for the stream…</p> : null}
    </div>
  );
}
