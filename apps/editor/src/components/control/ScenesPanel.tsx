'use client';

import { codedMessage } from './AirControls.tsx';
import type { useScenes } from './useScenes.ts';

type Scenes = ReturnType<typeof useScenes>;

/** Tally buttons per input (red: program, green: preview), then Cut and Fade, as on a vision mixer. */
export function ScenesPanel({ pipelineId, scenes }: { pipelineId: string; scenes: Scenes }) {
  const { switchers, cue } = scenes;
  if (switchers.length === 0) return <p className="sf-muted">No scene switcher runs in this pipeline.</p>;
  return (
    <>
      {switchers.map((s, index) => (
        <div key={s.nodeId} className="sf-scenes" data-testid={`scenes-${s.nodeId}`} data-program={s.program} data-preview={s.preview} data-fading={s.transition ? 'true' : 'false'}>
          <h3>
            {s.nodeId} {index === 0 ? <span className="sf-muted">keys 1–{s.names.length} preview · Space/Enter cut · F fade</span> : null}
          </h3>
          <div className="sf-scenes-row">
            {s.names.map((name, i) => {
              const scene = i + 1;
              const tally = s.program === scene ? 'program' : s.preview === scene ? 'preview' : 'none';
              return (
                <button
                  key={scene}
                  type="button"
                  className={`sf-btn sf-scene sf-scene-${tally}`}
                  onClick={() => cue.mutate({ pipelineId, nodeId: s.nodeId, action: 'preview', scene })}
                  data-testid={`scene-${s.nodeId}-${scene}`}
                  data-tally={tally}
                  title={s.live[i] ? 'picture arriving' : 'no picture'}
                >
                  <kbd>{scene}</kbd> {name} {s.live[i] ? '' : '·  no signal'}
                </button>
              );
            })}
          </div>
          <div className="sf-scenes-row">
            <button type="button" className="sf-btn sf-btn-primary" onClick={() => cue.mutate({ pipelineId, nodeId: s.nodeId, action: 'cut' })} data-testid={`cut-${s.nodeId}`}>
              Cut
            </button>
            <button type="button" className="sf-btn" onClick={() => cue.mutate({ pipelineId, nodeId: s.nodeId, action: 'fade' })} data-testid={`fade-${s.nodeId}`}>
              Fade
            </button>
          </div>
        </div>
      ))}
      {cue.error ? (
        <p className="sf-field-error" data-testid="scene-error">
          {codedMessage(cue.error)}
        </p>
      ) : null}
    </>
  );
}
