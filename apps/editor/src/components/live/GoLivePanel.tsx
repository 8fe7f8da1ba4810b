'use client';

import { useState } from 'react';
import { useEditorSnapshot } from '../editor/EditorContext.tsx';
import { CaptureStatsList } from './CaptureStatsList.tsx';
import { FRAME_RATES, QUALITIES, SIZES, SOURCES, STREAM_ID_PATTERN, type GoLiveSettings, type SizeId, type SourceId } from './capture-options.ts';
import { useCaptureSession } from './useCaptureSession.ts';
import './live.css';

/** The stream id of the pipeline's first live capture node, so "Go live" feeds this show by default. */
function useCaptureStreamId(): string {
  const { nodes } = useEditorSnapshot().state.doc;
  const capture = nodes.find((n) => n.type === 'showflow.capture');
  const id = capture?.config.streamId;
  return typeof id === 'string' ? id : 'studio';
}

/** Sends this browser's camera, screen or a test pattern to the runtime as a live stream. */
export function GoLivePanel() {
  const defaultStreamId = useCaptureStreamId();
  const [settings, setSettings] = useState<Omit<GoLiveSettings, 'streamId'> & { streamId?: string }>({ source: 'camera', size: '1280x720', quality: 0.7, fps: 30 });
  const streamId = settings.streamId ?? defaultStreamId;
  const { state, start, stop } = useCaptureSession();
  const busy = state.phase === 'starting' || state.phase === 'live';
  const validId = STREAM_ID_PATTERN.test(streamId);
  const set = (patch: Partial<typeof settings>) => setSettings((s) => ({ ...s, ...patch }));

  return (
    <section className="sf-golive" data-testid="golive-panel">
      <label>
        Stream id
        <input value={streamId} disabled={busy} onChange={(e) => set({ streamId: e.target.value })} data-testid="golive-stream" />
      </label>
      {!validId && <p className="sf-field-error">Letters, digits, - and _ only.</p>}
      <div className="sf-golive-row">
        <label>
          Source
          <select value={settings.source} disabled={busy} onChange={(e) => set({ source: e.target.value as SourceId })} data-testid="golive-source">
            {SOURCES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Size
          <select value={settings.size} disabled={busy} onChange={(e) => set({ size: e.target.value as SizeId })} data-testid="golive-size">
            {SIZES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Quality
          <select value={settings.quality} disabled={busy} onChange={(e) => set({ quality: Number(e.target.value) })} data-testid="golive-quality">
            {QUALITIES.map((q) => (
              <option key={q} value={q}>
                JPEG {Math.round(q * 100)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Frame rate
          <select value={settings.fps} disabled={busy} onChange={(e) => set({ fps: Number(e.target.value) })} data-testid="golive-fps-choice">
            {FRAME_RATES.map((f) => (
              <option key={f} value={f}>
                {f} fps
              </option>
            ))}
          </select>
        </label>
      </div>
      {state.phase === 'live' ? (
        <>
          <p>
            <span className="sf-pill sf-pill-live" data-testid="golive-on-air">on air</span> stream <code>{state.streamId}</code>
          </p>
          <CaptureStatsList stats={state.stats} />
          <button type="button" className="sf-btn" onClick={() => void stop()} data-testid="golive-stop">
            Stop
          </button>
        </>
      ) : (
        <button
          type="button"
          className="sf-btn sf-btn-primary"
          disabled={busy || !validId}
          onClick={() => void start({ ...settings, streamId })}
          data-testid="golive-start"
        >
          {state.phase === 'starting' ? 'Connecting…' : 'Go live'}
        </button>
      )}
      {state.phase === 'failed' && (
        <p className="sf-field-error" data-testid="golive-error">
          {state.message}
        </p>
      )}
      <p className="sf-hint">A live capture node with this stream id receives the frames; the watch page shows the pipeline’s viewer output.</p>
    </section>
  );
}
