import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { renderTextImage } from '../pixels/index.ts';
import { RetryingLoad } from './retry.ts';
import { IMAGE_REEMIT_MS, StillImage } from './still-image.ts';

const config = z.object({
  text: z.string().max(500).default('LIVE'),
  /** A fontconfig family and style, e.g. "DejaVu Sans Bold", "DejaVu Serif". */
  font: z.string().default('DejaVu Sans Bold'),
  size: z.number().min(4).max(400).default(36),
  color: z.string().default('#ffffff'),
  /** Any CSS colour, including rgba() for a translucent box; "transparent" for none. */
  background: z.string().default('rgba(0,0,0,0.6)'),
  padding: z.number().min(0).max(200).default(16),
  /** Wraps at this width in pixels; 0 keeps one line. */
  maxWidth: z.number().int().min(0).max(4096).default(0),
});

export const textOverlay = defineNode({
  type: 'showflow.text-overlay',
  typeVersion: 1,
  title: 'Text overlay',
  category: 'source',
  description: 'Renders a text label (any installed font) on a padded box as an RGBA image for compose. Rendered once, re-sent every 500 ms.',
  inputs: {},
  outputs: { image: { type: 'image' } },
  config,
  budgetMs: 50,
  source: { intervalMs: () => IMAGE_REEMIT_MS },
  setup: (ctx) => ({ image: new RetryingLoad(async () => new StillImage(await renderTextImage(ctx.config))), shown: false }),
  async run(ctx) {
    const image = await ctx.state.image.get(ctx.now());
    if (!image) {
      ctx.setStatus('error', `cannot render text: ${ctx.state.image.error}`);
      return;
    }
    if (!ctx.state.shown) ctx.setStatus('ok', `${image.pixels.width}×${image.pixels.height}`);
    ctx.state.shown = true;
    return { image: image.toFrame(ctx.frames.alloc, ctx.nodeId, ctx.now()) };
  },
});
