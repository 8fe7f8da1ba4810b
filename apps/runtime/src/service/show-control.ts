import { ShowflowError } from '@showflow/shared';
import { PROGRAM_OUT_SERVICE, ProgramOutService } from '@showflow/program-out';
import type { PipelineState } from '../engine/safe-mode.ts';
import type { ShowflowApp } from './app.ts';
import { AUDIENCE_OUTPUT_TYPES, captureStreams, hasProgramOut, PROGRAM_OUT_TYPE } from './air.ts';

/** A pipeline's air state as the runtime sees it, never as a button last set it. */
export interface AirState {
  pipelineId: string;
  run: PipelineState;
  activeVersion: number | null;
  /** The active version has a program output (it can go on air at all). */
  hasProgramOut: boolean;
  /** The producer took it off air: it runs without its audience outputs. */
  heldOffAir: boolean;
  /**
   * Audiences can receive it right now: it runs, is not held off air, has an audience
   * output, and its program output (when it has one) is open.
   */
  onAir: boolean;
  /** The open program output's counters (frames in: the picture reaches the encoder). */
  program: { viewers: number; framesIn: number; framesDropped: number; encoderRestarts: number } | null;
  /** Stream ids the running version's live capture nodes listen on. */
  captureStreams: string[];
}

function programOutputs(app: ShowflowApp): ProgramOutService | undefined {
  const service = app.services.get(PROGRAM_OUT_SERVICE);
  return service instanceof ProgramOutService ? service : undefined;
}

async function activeVersion(app: ShowflowApp, pipelineId: string) {
  const record = await app.store.getPipeline(pipelineId);
  if (!record || record.activeVersion === null) return undefined;
  return app.store.getVersion(pipelineId, record.activeVersion);
}

export async function airState(app: ShowflowApp, pipelineId: string): Promise<AirState> {
  const run = app.engine.state(pipelineId);
  const active = await activeVersion(app, pipelineId);
  const output = run.state === 'running' ? programOutputs(app)?.get(pipelineId) : undefined;
  const stats = output?.stats();
  const heldOffAir = app.deployments.offAir.has(pipelineId);
  const audience = active ? active.document.nodes.some((n) => AUDIENCE_OUTPUT_TYPES.has(n.type)) : false;
  const programReady = active && hasProgramOut(active.document) ? Boolean(output) : true;
  return {
    pipelineId,
    run,
    activeVersion: active?.version ?? null,
    hasProgramOut: active ? hasProgramOut(active.document) : false,
    heldOffAir,
    onAir: run.state === 'running' && !heldOffAir && audience && programReady,
    program: stats ? { viewers: stats.viewers, framesIn: stats.framesIn, framesDropped: stats.framesDropped, encoderRestarts: stats.encoderRestarts } : null,
    captureStreams: run.state === 'running' && active ? captureStreams(active.document) : [],
  };
}

/** Runs the active version with its audience outputs again; the answer is the state that results. */
export async function takeOnAir(app: ShowflowApp, pipelineId: string): Promise<AirState> {
  await app.deployments.reair(pipelineId, (active) => {
    if (!active.document.nodes.some((n) => n.type === PROGRAM_OUT_TYPE)) {
      throw new ShowflowError('SF657', `pipeline "${pipelineId}" v${active.version} has no program output (${PROGRAM_OUT_TYPE}) to put on air`);
    }
    app.deployments.offAir.delete(pipelineId);
  });
  return airState(app, pipelineId);
}

/** Keeps the show running for the control room and closes what reaches its audience. */
export async function takeOffAir(app: ShowflowApp, pipelineId: string): Promise<AirState> {
  await app.deployments.reair(pipelineId, () => {
    app.deployments.offAir.add(pipelineId);
  });
  return airState(app, pipelineId);
}

/** Deletes a pipeline unless it is on air (SF655): a show is never deleted from under its viewers. */
export async function deleteUnlessOnAir(app: ShowflowApp, pipelineId: string): Promise<{ ok: true }> {
  const state = await airState(app, pipelineId);
  if (state.onAir) throw new ShowflowError('SF655', `pipeline "${pipelineId}" is on air: take it off air or stop it before deleting it`);
  return app.deployments.delete(pipelineId);
}
