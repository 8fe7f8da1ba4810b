import { ShowflowError } from '@showflow/shared';

/** How many picture (and sound) inputs a scene switcher has: `in1`…`in4`, `audio1`…`audio4`. */
export const SCENE_INPUTS = 4;

export type SceneAction = 'preview' | 'cut' | 'fade' | 'program';

/** A producer's or an event's instruction to the switcher. Scenes count from 1. */
export interface SceneCue {
  action: SceneAction;
  /** For `preview` and `program`: which input. */
  scene?: number;
  /** For `fade`: overrides the configured duration. */
  fadeMs?: number;
}

export interface Transition {
  from: number;
  to: number;
  startedAt: number;
  durationMs: number;
}

/** What the control room shows: which input is on program, which on preview, and a fade in progress. */
export interface BusState {
  program: number;
  preview: number;
  transition: Transition | null;
}

export const SCENE_ACTIONS: readonly SceneAction[] = ['preview', 'cut', 'fade', 'program'];

/** Checks a cue from anywhere (an event's data, an API call); a bad one is refused with SF221. */
export function parseCue(value: unknown): SceneCue {
  const cue = (value ?? {}) as Record<string, unknown>;
  const action = cue.action;
  if (typeof action !== 'string' || !SCENE_ACTIONS.includes(action as SceneAction)) {
    throw new ShowflowError('SF221', `scene cue action must be one of ${SCENE_ACTIONS.join(', ')}; got ${JSON.stringify(action)}`);
  }
  const out: SceneCue = { action: action as SceneAction };
  if (action === 'preview' || action === 'program') {
    if (!Number.isInteger(cue.scene) || (cue.scene as number) < 1 || (cue.scene as number) > SCENE_INPUTS) {
      throw new ShowflowError('SF221', `scene must be an input number 1–${SCENE_INPUTS}; got ${JSON.stringify(cue.scene)}`);
    }
    out.scene = cue.scene as number;
  }
  if (cue.fadeMs !== undefined) {
    if (typeof cue.fadeMs !== 'number' || !(cue.fadeMs >= 0 && cue.fadeMs <= 10_000)) throw new ShowflowError('SF221', 'fadeMs must be 0–10000');
    out.fadeMs = cue.fadeMs;
  }
  return out;
}

/**
 * A vision mixer's buses: pick a scene on preview, then take it (cut, or fade over a
 * duration); program and preview swap, so taking again goes back. `hasPicture` says which
 * inputs have delivered a picture: taking to a dark input is refused (SF220).
 */
export class SceneBus {
  state: BusState;

  constructor(
    program: number,
    preview: number,
    private readonly fadeMs: number,
  ) {
    this.state = { program, preview, transition: null };
  }

  apply(cue: SceneCue, now: number, hasPicture: (input: number) => boolean): BusState {
    this.settle(now);
    const { state } = this;
    switch (cue.action) {
      case 'preview':
        state.preview = cue.scene!;
        break;
      case 'program':
        if (!hasPicture(cue.scene!)) throw noPicture(cue.scene!);
        if (state.preview === cue.scene) state.preview = state.program;
        state.program = cue.scene!;
        state.transition = null;
        break;
      case 'cut':
        if (!hasPicture(state.preview)) throw noPicture(state.preview);
        state.transition = null;
        [state.program, state.preview] = [state.preview, state.program];
        break;
      case 'fade': {
        if (!hasPicture(state.preview)) throw noPicture(state.preview);
        const durationMs = cue.fadeMs ?? this.fadeMs;
        if (durationMs <= 0) return this.apply({ action: 'cut' }, now, hasPicture);
        state.transition = { from: state.program, to: state.preview, startedAt: now, durationMs };
        break;
      }
    }
    return this.snapshot();
  }

  /** How far a fade is (0…1), finishing it — program and preview swap — once its time is up. */
  progress(now: number): number | null {
    this.settle(now);
    const t = this.state.transition;
    return t ? Math.max(0, Math.min(1, (now - t.startedAt) / t.durationMs)) : null;
  }

  snapshot(): BusState {
    return { ...this.state, transition: this.state.transition && { ...this.state.transition } };
  }

  private settle(now: number): void {
    const t = this.state.transition;
    if (t && now - t.startedAt >= t.durationMs) {
      this.state.transition = null;
      this.state.program = t.to;
      this.state.preview = t.from;
    }
  }
}

function noPicture(input: number): ShowflowError {
  return new ShowflowError('SF220', `input ${input} has no picture yet: nothing to take`);
}
