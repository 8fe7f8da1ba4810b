import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { createDenoiseState, denoiseCoefficients, denoiseSpatioTemporal, denoiseTemporal, type DenoiseState } from '../pixels/index.ts';
import { derivedFrame } from './frame-util.ts';

const config = z.object({
  /** hqdn3d-style strength: a frame-to-frame difference of this many levels keeps a quarter of the past. */
  temporal: z.number().min(0).max(100).default(12),
  /** Recursive spatial smoothing before the temporal step; 0 turns it off (about 3× cheaper). */
  spatial: z.number().min(0).max(50).default(0),
});

interface State {
  temporal: Int16Array;
  spatial: Int16Array | undefined;
  memory: DenoiseState | undefined;
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
    lastSeq: -1,
  }),
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    const frame = await ctx.frames.raw(input);
    const { state } = ctx;
    const { width, height, channels } = frame;
    let memory = state.memory;
    // A new shape or a source that restarted (seq went back) starts a fresh history.
    if (!memory || memory.width !== width || memory.channels !== channels || memory.byteLength !== frame.data.length || frame.seq < state.lastSeq) {
      memory = state.memory = createDenoiseState(width, height, channels);
    }
    state.lastSeq = frame.seq;
    const out = ctx.frames.alloc(frame.data.length);
    if (state.spatial) denoiseSpatioTemporal(frame.data, out, memory, state.spatial, state.temporal);
    else denoiseTemporal(frame.data, out, memory, state.temporal);
    return { out: derivedFrame(frame, { width, height, channels, data: out }) };
  },
});
