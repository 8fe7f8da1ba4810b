import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { RateMeter } from './rate-meter.ts';

const config = z.object({
  /** Name of the output as viewers and the editor see it. */
  label: z.string().max(60).default('program'),
});

/**
 * Marks the program output. The runtime keeps the latest frame of every node for
 * previews; this node is where the watch page and egress take the show from.
 */
export const preview = defineNode({
  type: 'showflow.preview',
  typeVersion: 1,
  title: 'Preview / program out',
  category: 'output',
  description: 'The program output: the latest frame here is what viewers see. Shows resolution and frame rate.',
  inputs: { frame: { type: 'frame' } },
  outputs: {},
  config,
  budgetMs: 2,
  setup: () => ({ meter: new RateMeter(), frames: 0 }),
  run(ctx) {
    const frame = ctx.inputs.frame;
    if (!frame) return;
    const { state } = ctx;
    state.frames++;
    if (state.meter.mark(ctx.now()) || state.frames === 1) {
      ctx.setStatus('ok', `${ctx.config.label} ${frame.width}×${frame.height} · ${state.meter.fps.toFixed(1)} fps`);
    }
  },
});
