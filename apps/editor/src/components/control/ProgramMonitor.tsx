'use client';

import { useRef } from 'react';
import { useProgramPlayback } from '../watch/program/useProgramPlayback.ts';
import { AudioMeter } from './AudioMeter.tsx';
import { useAudioLevel } from './useAudioLevel.ts';

/**
 * What the audience gets: the program-out WHEP stream (HLS if WebRTC fails), with the
 * watch page's player logic, and a meter of its sound. Muted: the control room listens
 * on its own monitors.
 */
export function ProgramMonitor({ runtimeUrl, pipelineId, onAir }: { runtimeUrl: string; pipelineId: string; onAir: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const { mode, live, reconnects } = useProgramPlayback(video, runtimeUrl, pipelineId);
  const level = useAudioLevel(video, mode === 'whep' && live);
  return (
    <figure className={`sf-monitor sf-monitor-program ${onAir ? 'sf-monitor-on-air' : ''}`}>
      <figcaption>
        Program {onAir ? <span className="sf-pill sf-pill-onair">on air</span> : <span className="sf-pill">off air</span>}
      </figcaption>
      <div className="sf-monitor-body">
        <div className="sf-player" data-testid="program-monitor" data-mode={mode} data-live={live} data-reconnects={reconnects}>
          <video ref={video} muted autoPlay playsInline aria-label="program" />
          {!live ? <p className="sf-player-note sf-player-overlay">{mode === 'none' ? 'No program output running' : reconnects > 0 ? 'Reconnecting…' : 'Connecting…'}</p> : null}
        </div>
        <AudioMeter level={level} />
      </div>
    </figure>
  );
}
