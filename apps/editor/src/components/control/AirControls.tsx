'use client';

import { problemsOf } from '../../api/errors.ts';
import { useAirState } from './useAirState.ts';

export function codedMessage(error: unknown): string {
  const { code, message } = problemsOf(error);
  return code && !message.startsWith(code) ? `${code} ${message}` : message;
}

/** The pill a producer trusts: on air only when the runtime serves the program to audiences. */
export function AirPill({ state }: { state: { onAir: boolean; heldOffAir: boolean; run: { state: string } } | undefined }) {
  if (!state) return <span className="sf-pill" data-testid="air-state" data-state="unknown">…</span>;
  const label = state.onAir ? 'on air' : state.run.state === 'running' ? (state.heldOffAir ? 'off air' : 'running, no program out') : state.run.state;
  const kind = state.onAir ? 'on-air' : state.run.state === 'running' ? 'off-air' : state.run.state;
  return (
    <span className={`sf-pill ${state.onAir ? 'sf-pill-onair' : 'sf-pill-warn'}`} data-testid="air-state" data-state={kind}>
      {label}
    </span>
  );
}

/** On air / off air, stop and start for one pipeline, with the runtime's refusals shown as they come. */
export function AirControls({ pipelineId, compact = false }: { pipelineId: string; compact?: boolean }) {
  const { air, onAir, offAir, stop, start, pending, error } = useAirState(pipelineId);
  const state = air.data;
  const running = state?.run.state === 'running';
  const size = compact ? 'sf-btn sf-btn-small' : 'sf-btn';
  return (
    <div className="sf-air" data-testid={`air-controls-${pipelineId}`}>
      <AirPill state={state} />
      {state?.onAir && state.program ? (
        <span className="sf-muted" data-testid="air-viewers">
          {state.program.viewers} viewer{state.program.viewers === 1 ? '' : 's'}
        </span>
      ) : null}
      {running && !state?.onAir && state?.hasProgramOut ? (
        <button type="button" className={`${size} sf-btn-onair`} disabled={pending} onClick={() => onAir.mutate({ id: pipelineId })} data-testid="go-on-air">
          Take on air
        </button>
      ) : null}
      {state?.onAir ? (
        <button type="button" className={size} disabled={pending} onClick={() => offAir.mutate({ id: pipelineId })} data-testid="go-off-air">
          Take off air
        </button>
      ) : null}
      {running ? (
        <button type="button" className={size} disabled={pending} onClick={() => stop.mutate({ id: pipelineId })} data-testid="stop-pipeline">
          Stop
        </button>
      ) : state && state.run.state === 'stopped' ? (
        <button type="button" className={size} disabled={pending} onClick={() => start.mutate({ id: pipelineId })} data-testid="start-pipeline">
          Start
        </button>
      ) : null}
      {error ? (
        <span className="sf-field-error" data-testid="air-error">
          {codedMessage(error)}
        </span>
      ) : null}
    </div>
  );
}
