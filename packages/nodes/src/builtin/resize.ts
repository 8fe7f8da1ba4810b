import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { resizeRaw } from '../pixels/index.ts';
import { derivedFrame, pooled } from './frame-util.ts';

const config = z.object({
  width: z.number().int().min(1).max(7680).default(640),
  height: z.number().int().min(1).max(4320).default(360),
  /** cover crops to fill, contain letterboxes, fill stretches, inside/outside keep aspect. */
  fit: z.enum(['cover', 'contain', 'fill', 'inside', 'outside']).default('cover'),
  kernel: z.enum(['nearest', 'linear', 'cubic', 'mitchell', 'lanczos3']).default('linear'),
});

export const resize = defineNode({
  type: 'showflow.resize',
  typeVersion: 1,
  title: 'Resize',
  category: 'process',
  description: 'Scales frames to a width and height (libvips), cropping, letterboxing or stretching.',
  inputs: { frame: { type: 'frame' } },
  outputs: { out: { type: 'frame' } },
  config,
  budgetMs: 15,
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    const frame = await ctx.frames.raw(input);
    const { width, height, fit, kernel } = ctx.config;
    const pixels = pooled(ctx.frames.alloc, await resizeRaw(frame, width, height, fit, kernel));
    return { out: derivedFrame(frame, pixels) };
  },
});
