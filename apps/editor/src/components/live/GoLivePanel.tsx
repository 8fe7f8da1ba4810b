'use client';

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';
import { useEditorSnapshot } from '../editor/EditorContext.tsx';
import { CaptureStatsList } from './CaptureStatsList.tsx';
import { SenderLinkPill } from './SenderLinkPill.tsx';
import { ChoiceField } from './ChoiceField.tsx';
import { FRAME_RATES, QUALITIES, SIZES, SOURCES, STREAM_ID_PATTERN, type GoLiveSettings } from './capture-options.ts';
import { useCaptureSession } from './useCaptureSession.ts';
import './live.css';

/** The stream id of the pipeline's first live capture node, so "Go live" feeds this show by default. */
function useCaptureStreamId(): string {
  const { nodes } = useEditorSnapshot().state.doc;
  const capture = nodes.find((n) => n.type === 'showflow.capture');
  const id = capture?.config.streamId;
  return typeof id === 'string' ? id : 'studio';
}

/**
 * Stream ids the *running* version's capture nodes listen on, from the runtime (not the
 * draft on the canvas): frames sent anywhere else reach nobody.
 */
function useListeningStreams(): { running: boolean; streams: string[] } | undefined {
  const trpc = useTRPC();
  const pipelineId = useEditorSnapshot().state.doc.id;
  const air = useQuery(trpc.show.air.queryOptions({ id: pipelineId }, { refetchInterval: 2_000 }));
  return air.data && { running: air.data.run.state === 'running', streams: air.data.captureStreams };
}

/** Sends this browser's camera, screen or a test pattern to the runtime as a live stream. */
export function GoLivePanel() {
  const defaultStreamId = useCaptureStreamId();
  const listening = useListeningStreams();
  const pipelineId = useEditorSnapshot().state.doc.id;
  const [settings, setSettings] = useState<Omit<GoLiveSettings, 'streamId'> & { streamId?: string }>({ source: 'camera', size: '1280x720', quality: 0.7, fps: 30 });
  const streamId = settings.streamId ?? defaultStreamId;
  const { state, start, stop } = useCaptureSession();
  const busy = state.phase === 'starting' || state.phase === 'live';
  const validId = STREAM_ID_PATTERN.test(streamId);
  const heard = listening?.streams.includes(streamId) ?? false;
  const set = (patch: Partial<typeof settings>) => setSettings((s) => ({ ...s, ...patch }));

  return (
    <section className="sf-golive" data-testid="golive-panel">
      <label>
        Stream id
        <input value={streamId} disabled={busy} onChange={(e) => set({ streamId: e.target.value })} data-testid="golive-stream" />
      </label>
      {!validId && <p className="sf-field-error">Letters, digits, - and _ only.</p>}
      <div className="sf-golive-row">
        <ChoiceField label="Source" value={settings.source} choices={SOURCES.map((c) => ({ value: c.id, label: c.label }))} disabled={busy} onChange={(source) => set({ source })} testId="golive-source" />
        <ChoiceField label="Size" value={settings.size} choices={SIZES.map((c) => ({ value: c.id, label: c.label }))} disabled={busy} onChange={(size) => set({ size })} testId="golive-size" />
        <ChoiceField label="Quality" value={settings.quality} choices={QUALITIES.map((q) => ({ value: q, label: `JPEG ${Math.round(q * 100)}` }))} disabled={busy} onChange={(quality) => set({ quality })} testId="golive-quality" />
        <ChoiceField label="Frame rate" value={settings.fps} choices={FRAME_RATES.map((f) => ({ value: f, label: `${f} fps` }))} disabled={busy} onChange={(fps) => set({ fps })} testId="golive-fps-choice" />
      </div>
      {state.phase === 'live' ? (
        <>
          <p>
            <SenderLinkPill link={state.link} /> stream <code>{state.streamId}</code>{' '}
            {heard ? (
              <span className="sf-pill sf-pill-live" data-testid="golive-heard">capture listening</span>
            ) : (
              <span className="sf-pill sf-pill-warn" data-testid="golive-unheard">nothing listens</span>
            )}
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
      {listening && !heard && (
        <p className="sf-field-error" data-testid="golive-no-capture">
          {!listening.running
            ? 'The pipeline is not running: deploy it, or frames sent now reach nobody.'
            : listening.streams.length === 0
              ? 'The running version has no live capture node: frames sent now reach nobody. Add a Capture node and deploy.'
              : `No capture node of the running version listens on "${streamId}" (listening: ${listening.streams.join(', ')}).`}
        </p>
      )}
      {state.phase === 'failed' && (
        <p className="sf-field-error" data-testid="golive-error">
          {state.message}
        </p>
      )}
      <p className="sf-hint">
        <a href={`/pipelines/${pipelineId}/control`} data-testid="open-control-room">
          Open the control room
        </a>{' '}
        to take the show on and off air and switch scenes.
      </p>
      <p className="sf-hint">A live capture node with this stream id receives the frames; the watch page shows the pipeline’s viewer output.</p>
    </section>
  );
}
