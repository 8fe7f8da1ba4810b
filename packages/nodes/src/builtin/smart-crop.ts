import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { smartCropRaw } from '../pixels/index.ts';
import { derivedFrame, pooled } from './frame-util.ts';

const config = z.object({
  width: z.number().int().min(1).max(4096).default(320),
  height: z.number().int().min(1).max(4096).default(320),
  /** attention favours faces, skin, saturated colour and edges; entropy favours detail. */
  strategy: z.enum(['attention', 'entropy']).default('attention'),
});

export const smartCrop = defineNode({
  type: 'showflow.smart-crop',
  typeVersion: 1,
  title: 'Smart crop',
  category: 'process',
  description: 'Content-aware crop (libvips attention or entropy) to a fixed size, for product detail shots and thumbnails.',
  inputs: { frame: { type: 'frame' } },
  outputs: { out: { type: 'frame' } },
  config,
  budgetMs: 25,
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    const frame = await ctx.frames.raw(input);
    const { width, height, strategy } = ctx.config;
    const pixels = pooled(ctx.frames.alloc, await smartCropRaw(frame, width, height, strategy));
    return { out: derivedFrame(frame, pixels) };
  },
});
