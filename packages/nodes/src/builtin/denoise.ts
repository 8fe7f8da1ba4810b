import { z } from 'zod';
import { defineNode, type Frame } from '../sdk/index.ts';
import {
  createDenoiseState,
  createI420DenoiseState,
  denoiseCoefficients,
  denoiseI420,
  denoiseSpatioTemporal,
  denoiseTemporal,
  yuvFrame,
  type DenoiseState,
  type I420DenoiseState,
} from '../pixels/index.ts';
import { derivedFrame, prefersYuv } from './frame-util.ts';

const config = z.object({
  /** hqdn3d-style strength: a frame-to-frame difference of this many levels keeps a quarter of the past. */
  temporal: z.number().min(0).max(100).default(12),
  /** Recursive spatial smoothing before the temporal step; 0 turns it off (about 3× cheaper). */
  spatial: z.number().min(0).max(50).default(0),
});

interface State {
  temporal: Int16Array;
  spatial: Int16Array | undefined;
  /** History of the RGB path or of the I420 path, whichever the last frame took. */
  memory: DenoiseState | undefined;
  planes: I420DenoiseState | undefined;
  lastSeq: number;
}

export const denoise = defineNode({
  type: 'showflow.denoise',
  typeVersion: 1,
  title: 'Denoise',
  category: 'process',
  description:
    'Temporal noise reduction in the manner of ffmpeg hqdn3d: static areas are averaged over time, motion passes through. Optional spatial smoothing.',
  inputs: { frame: { type: 'frame' } },
  outputs: { out: { type: 'frame' } },
  config,
  budgetMs: 12,
  setup: (ctx): State => ({
    temporal: denoiseCoefficients(ctx.config.temporal),
    spatial: ctx.config.spatial > 0 ? denoiseCoefficients(ctx.config.spatial) : undefined,
    memory: undefined,
    planes: undefined,
    lastSeq: -1,
  }),
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    const { state } = ctx;
    // A source that restarted (seq went back) starts a fresh history.
    const restarted = input.seq < state.lastSeq;
    state.lastSeq = input.seq;
    if (prefersYuv(input)) {
      const frame = await yuvFrame(ctx.frames, input);
      return { out: denoisePlanes(state, frame, restarted, (n) => ctx.frames.alloc(n)) };
    }
    const frame = await ctx.frames.raw(input);
    const { width, height, channels } = frame;
    let memory = state.memory;
    if (!memory || memory.width !== width || memory.channels !== channels || memory.byteLength !== frame.data.length || restarted) {
      memory = state.memory = createDenoiseState(width, height, channels);
    }
    state.planes = undefined;
    const out = ctx.frames.alloc(frame.data.length);
    if (state.spatial) denoiseSpatioTemporal(frame.data, out, memory, state.spatial, state.temporal);
    else denoiseTemporal(frame.data, out, memory, state.temporal);
    return { out: derivedFrame(frame, { width, height, channels, data: out }) };
  },
});

function denoisePlanes(state: State, frame: Frame, restarted: boolean, alloc: (n: number) => Buffer): Frame {
  const { width, height } = frame;
  let planes = state.planes;
  if (!planes || planes.width !== width || planes.height !== height || restarted) planes = state.planes = createI420DenoiseState(width, height);
  state.memory = undefined;
  const out = alloc(frame.data.length);
  denoiseI420(frame.data, out, planes, state.temporal, state.spatial);
  return derivedFrame(frame, { width, height, channels: 3, data: out }, 'yuv420');
}
