import { z } from 'zod';
import { defineNode, type AudioBlock, type Frame, type ShowEvent } from '../../sdk/index.ts';
import { derivedFrame } from '../frame-util.ts';
import { parseCue, SCENE_INPUTS, SceneBus, type SceneCue } from './bus.ts';
import { crossfade, sameSize } from './mix.ts';
import { sceneRegistry } from './registry.ts';

/** An input counts as live when its last picture is this recent. */
const LIVE_WITHIN_MS = 2000;

const config = z.object({
  /** What the control room calls each input (input 1 first). */
  names: z.array(z.string().min(1).max(40)).max(SCENE_INPUTS).default(['Camera 1', 'Camera 2', 'Camera 3', 'Camera 4']),
  /** Duration of a fade (the F key, or a `fade` cue without its own). */
  fadeMs: z.number().int().min(0).max(10_000).default(500),
  program: z.number().int().min(1).max(SCENE_INPUTS).default(1),
  preview: z.number().int().min(1).max(SCENE_INPUTS).default(2),
  /** Events of this kind on the `cue` port drive the switcher: `{kind, data: {action, scene?, fadeMs?}}`. */
  eventKind: z.string().min(1).max(40).default('scene'),
});

interface State {
  bus: SceneBus;
  /** The status text last shown, so a frame that changes nothing does not set it again. */
  status: string;
  lastFrameAt: number[];
  unregister(): void;
}

const frameInputs = Object.fromEntries(Array.from({ length: SCENE_INPUTS }, (_, i) => [`in${i + 1}`, { type: 'frame' as const }])) as Record<`in${1 | 2 | 3 | 4}`, { type: 'frame' }>;
const audioInputs = Object.fromEntries(Array.from({ length: SCENE_INPUTS }, (_, i) => [`audio${i + 1}`, { type: 'audio' as const }])) as Record<`audio${1 | 2 | 3 | 4}`, { type: 'audio' }>;

/**
 * A vision mixer: four picture inputs with their sound; one is on program, one on preview.
 * Taking the preview cuts, or fades over a configured duration; program and preview then
 * swap. Cued by events on `cue` and by the control room (through the scene registry).
 */
export const sceneSwitcher = defineNode({
  type: 'showflow.scene-switcher',
  typeVersion: 1,
  title: 'Scene switcher',
  category: 'compose',
  description:
    'Vision mixer for up to four inputs (pictures and sound): choose a scene on preview, then take it with a cut or a fade. The program output carries the scene on air, the preview output the next one. Driven by "scene" events ({action: preview|cut|fade|program, scene}) and by the control room (keys 1–4 preview, Space/Enter cut, F fade).',
  inputs: { ...frameInputs, ...audioInputs, cue: { type: 'event' } },
  outputs: { program: { type: 'frame' }, preview: { type: 'frame' }, audio: { type: 'audio' } },
  config,
  budgetMs: 12,
  setup(ctx): State {
    const state: State = { bus: new SceneBus(ctx.config.program, ctx.config.preview, ctx.config.fadeMs), status: '', lastFrameAt: new Array(SCENE_INPUTS).fill(-Infinity), unregister: () => {} };
    const hasPicture = (input: number) => Number.isFinite(state.lastFrameAt[input - 1]);
    const registry = sceneRegistry(ctx.services);
    if (registry) {
      state.unregister = registry.register({
        pipelineId: ctx.pipelineId,
        nodeId: ctx.nodeId,
        names: Array.from({ length: SCENE_INPUTS }, (_, i) => ctx.config.names[i] ?? `Input ${i + 1}`),
        state: () => {
          const now = ctx.now();
          state.bus.progress(now);
          return { ...state.bus.snapshot(), live: state.lastFrameAt.map((at) => now - at < LIVE_WITHIN_MS) };
        },
        cue: (cue: SceneCue) => {
          const next = state.bus.apply(parseCue(cue), ctx.now(), hasPicture);
          report(ctx.setStatus, state);
          return next;
        },
      });
    }
    report(ctx.setStatus, state);
    return state;
  },
  async run(ctx) {
    const { state } = ctx;
    const now = ctx.now();
    const trigger = String(ctx.trigger ?? '');
    const inputs = ctx.inputs as Record<string, unknown>;
    if (trigger === 'cue') {
      const event = inputs.cue as ShowEvent | undefined;
      if (!event || event.kind !== ctx.config.eventKind) return;
      const next = state.bus.apply(parseCue(event.data), now, (n) => Number.isFinite(state.lastFrameAt[n - 1]));
      if (next) report(ctx.setStatus, state);
      return;
    }
    const progress = state.bus.progress(now);
    const { program, preview, transition } = state.bus.state;
    if (trigger.startsWith('audio')) {
      const from = Number(trigger.slice(5));
      // During a fade the sound follows the picture at its midpoint.
      const source = transition && progress !== null ? (progress < 0.5 ? transition.from : transition.to) : program;
      const block = inputs[trigger] as AudioBlock | undefined;
      return from === source && block ? { audio: block } : undefined;
    }
    const n = Number(trigger.slice(2));
    const frame = inputs[trigger] as Frame | undefined;
    if (!frame || !(n >= 1 && n <= SCENE_INPUTS)) return;
    state.lastFrameAt[n - 1] = now;
    const out: { program?: Frame; preview?: Frame } = {};
    if (n === preview) out.preview = frame;
    if (!transition || progress === null) {
      if (n === program) out.program = frame;
      report(ctx.setStatus, state);
      return out;
    }
    // The incoming picture paces a fade; the outgoing one is its latest frame.
    if (n !== transition.to) return out;
    const outgoing = inputs[`in${transition.from}`] as Frame | undefined;
    if (!outgoing) {
      out.program = frame;
      return out;
    }
    const [a, b] = await Promise.all([ctx.frames.raw(outgoing), ctx.frames.raw(frame)]);
    if (!sameSize(a, b)) {
      // Pictures of different sizes cannot be mixed pixel for pixel: the fade becomes a cut.
      out.program = frame;
      return out;
    }
    const data = ctx.frames.alloc(b.data.length);
    crossfade(a, b, progress, data);
    out.program = derivedFrame(frame, { width: b.width, height: b.height, channels: b.channels, data });
    return out;
  },
  dispose(ctx) {
    ctx.state.unregister();
  },
});

function report(setStatus: (level: 'ok', text: string) => void, state: State): void {
  const { program, preview, transition } = state.bus.state;
  const text = `program ${program} · preview ${preview}${transition ? ` · fading to ${transition.to}` : ''}`;
  if (text === state.status) return;
  state.status = text;
  setStatus('ok', text);
}
