'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useProgramPlayback } from './useProgramPlayback.ts';

interface Props {
  runtimeUrl: string;
  pipelineId: string;
  /** Shown when the pipeline has no program output (e.g. the JPEG viewer output's player). */
  fallback?: ReactNode;
  /** Told whether pictures are really arriving, for the page's LIVE badge; null while the fallback plays (not known here). */
  onLiveChange?(live: boolean | null): void;
}

/**
 * The show's program with sound: standard WHEP (H.264 + Opus), HLS when WebRTC cannot
 * connect, reconnecting by itself. Starts muted (browsers block sound until a click), with
 * a button to turn the sound on.
 */
export function ProgramPlayer({ runtimeUrl, pipelineId, fallback = null, onLiveChange }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [muted, setMuted] = useState(true);
  const { mode, live, reconnects } = useProgramPlayback(video, runtimeUrl, pipelineId);

  useEffect(() => {
    onLiveChange?.(mode === 'none' ? null : live);
  }, [mode, live, onLiveChange]);

  return (
    <>
      {mode === 'none' ? fallback : null}
      <div className="sf-player" data-testid="program-player" data-mode={mode} data-live={live} data-reconnects={reconnects} hidden={mode === 'none'}>
        <video ref={video} muted={muted} autoPlay playsInline aria-label="live stream" data-testid="program-video" />
        {mode === 'connecting' || (!live && mode !== 'none') ? <p className="sf-player-note sf-player-overlay">{reconnects > 0 ? 'Reconnecting…' : 'Connecting…'}</p> : null}
        {muted && live ? (
          <button type="button" className="sf-player-unmute" onClick={() => setMuted(false)} data-testid="unmute">
            Sound on
          </button>
        ) : null}
      </div>
    </>
  );
}
