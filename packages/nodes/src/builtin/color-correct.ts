import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { applyColor, buildColorTables } from '../pixels/index.ts';
import { derivedFrame } from './frame-util.ts';

const config = z.object({
  brightness: z.number().min(-1).max(1).default(0),
  contrast: z.number().min(0).max(4).default(1),
  saturation: z.number().min(0).max(4).default(1),
  /** White balance: -1 cooler (blue) … +1 warmer (amber). */
  temperature: z.number().min(-1).max(1).default(0),
  /** White balance: -1 greener … +1 more magenta. */
  tint: z.number().min(-1).max(1).default(0),
});

export const colorCorrect = defineNode({
  type: 'showflow.color-correct',
  typeVersion: 1,
  title: 'Colour correct',
  category: 'process',
  description: 'Brightness, contrast, saturation and white balance (temperature, tint) in one pass over the pixels.',
  inputs: { frame: { type: 'frame' } },
  outputs: { out: { type: 'frame' } },
  config,
  budgetMs: 8,
  setup: (ctx) => ({ tables: buildColorTables(ctx.config) }),
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    const frame = await ctx.frames.raw(input);
    const out = ctx.frames.alloc(frame.data.length);
    applyColor(frame.data, out, frame.width * frame.height, frame.channels, ctx.state.tables);
    return { out: derivedFrame(frame, { width: frame.width, height: frame.height, channels: frame.channels, data: out }) };
  },
});
