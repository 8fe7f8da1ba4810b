import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { encodeJpeg as encode } from '../pixels/index.ts';
import { derivedFrame } from './frame-util.ts';

const config = z.object({
  quality: z.number().int().min(1).max(100).default(80),
});

export const encodeJpeg = defineNode({
  type: 'showflow.encode-jpeg',
  typeVersion: 1,
  title: 'Encode JPEG',
  category: 'process',
  description:
    'Encodes frames as JPEG (4:2:0) with fast baseline settings for live delivery. Frames that are already JPEG pass through unchanged.',
  inputs: { frame: { type: 'frame' } },
  outputs: { out: { type: 'frame' } },
  config,
  budgetMs: 15,
  async run(ctx) {
    const frame = ctx.inputs.frame;
    if (!frame) return;
    // I420 frames are encoded from their planes (TurboJPEG, no colour conversion), raw RGB through sharp.
    const bytes = await encode(frame, ctx.config.quality);
    const data = ctx.frames.alloc(bytes.length);
    bytes.copy(data);
    return { out: derivedFrame(frame, { width: frame.width, height: frame.height, channels: 3, data }, 'jpeg') };
  },
});
