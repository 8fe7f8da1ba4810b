import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { loadRgb } from '../pixels/index.ts';
import { RetryingLoad } from './retry.ts';
import { readImageFile } from './read-image-file.ts';

const config = z.object({
  path: z.string().default(''),
  fps: z.number().min(0.1).max(120).default(30),
});

export const imageFile = defineNode({
  type: 'showflow.image-file',
  typeVersion: 1,
  title: 'Image file',
  category: 'source',
  description: 'A still image (JPEG, PNG, WebP…) played as a video source at a fixed frame rate. Decoded once.',
  inputs: {},
  outputs: { frame: { type: 'frame' } },
  config,
  budgetMs: 5,
  source: { intervalMs: (c) => 1000 / c.fps },
  setup: (ctx) => ({ image: new RetryingLoad(async () => loadRgb(await readImageFile(ctx.config.path))) }),
  async run(ctx) {
    if (!ctx.config.path) {
      ctx.setStatus('idle', 'no file set');
      return;
    }
    const hadImage = ctx.state.image.value !== undefined;
    const image = await ctx.state.image.get(ctx.now());
    if (!image) {
      ctx.setStatus('error', `cannot read ${ctx.config.path}: ${ctx.state.image.error}`);
      return;
    }
    if (!hadImage) ctx.setStatus('ok', `${image.width}×${image.height}`);
    const data = ctx.frames.alloc(image.data.length);
    image.data.copy(data);
    const seq = ctx.tick;
    return {
      frame: { width: image.width, height: image.height, channels: image.channels, encoding: 'raw', data, seq, captureTs: ctx.now(), id: `${ctx.nodeId}#${seq}` },
    };
  },
});
