import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { applyColor, applyColorI420, buildColorTables, buildI420ColorTables, yuvFrame } from '../pixels/index.ts';
import { derivedFrame, prefersYuv } from './frame-util.ts';

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
  setup: (ctx) => ({ tables: buildColorTables(ctx.config), planeTables: buildI420ColorTables(ctx.config) }),
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    if (prefersYuv(input)) {
      const frame = await yuvFrame(ctx.frames, input);
      const out = ctx.frames.alloc(frame.data.length);
      applyColorI420(frame.data, out, frame.width, frame.height, ctx.state.planeTables);
      return { out: derivedFrame(frame, { width: frame.width, height: frame.height, channels: 3, data: out }, 'yuv420') };
    }
    const frame = await ctx.frames.raw(input);
    const out = ctx.frames.alloc(frame.data.length);
    applyColor(frame.data, out, frame.width * frame.height, frame.channels, ctx.state.tables);
    return { out: derivedFrame(frame, { width: frame.width, height: frame.height, channels: frame.channels, data: out }) };
  },
});
