import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { loadRgba } from '../pixels/index.ts';
import { readImageFile } from './read-image-file.ts';
import { RetryingLoad } from './retry.ts';
import { IMAGE_REEMIT_MS, StillImage } from './still-image.ts';

const config = z.object({
  path: z.string().default(''),
});

export const imageOverlay = defineNode({
  type: 'showflow.image-overlay',
  typeVersion: 1,
  title: 'Image overlay',
  category: 'source',
  description: 'Loads a PNG (with transparency) or JPEG as an RGBA image for compose: logos, lower thirds, product shots. Re-sent every 500 ms.',
  inputs: {},
  outputs: { image: { type: 'image' } },
  config,
  budgetMs: 50,
  source: { intervalMs: () => IMAGE_REEMIT_MS },
  setup: (ctx) => ({ image: new RetryingLoad(async () => new StillImage(await loadRgba(await readImageFile(ctx.config.path)))), shown: false }),
  async run(ctx) {
    if (!ctx.config.path) {
      ctx.setStatus('idle', 'no file set');
      return;
    }
    const image = await ctx.state.image.get(ctx.now());
    if (!image) {
      ctx.setStatus('error', `cannot read ${ctx.config.path}: ${ctx.state.image.error}`);
      ctx.state.shown = false;
      return;
    }
    if (!ctx.state.shown) ctx.setStatus('ok', `${image.pixels.width}×${image.pixels.height}`);
    ctx.state.shown = true;
    return { image: image.toFrame(ctx.frames.alloc, ctx.nodeId, ctx.now()) };
  },
});
