import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { blendI420, blendOnto, yuvFrame } from '../pixels/index.ts';
import { emptyOverlayCache, overlayPixels, overlayPlanes, type OverlayCache } from './compose-overlay.ts';
import { derivedFrame, prefersYuv } from './frame-util.ts';

const anchors = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'center'] as const;

const config = z.object({
  /** Offset in pixels from the anchor corner, toward the frame's inside. */
  x: z.number().default(32),
  y: z.number().default(32),
  anchor: z.enum(anchors).default('top-left'),
  scale: z.number().min(0.01).max(8).default(1),
  opacity: z.number().min(0).max(1).default(1),
});

type Config = z.output<typeof config>;

interface State {
  overlays: OverlayCache;
}

export function overlayPosition(frame: { width: number; height: number }, overlay: { width: number; height: number }, c: Config) {
  switch (c.anchor) {
    case 'top-right':
      return { x: frame.width - overlay.width - c.x, y: c.y };
    case 'bottom-left':
      return { x: c.x, y: frame.height - overlay.height - c.y };
    case 'bottom-right':
      return { x: frame.width - overlay.width - c.x, y: frame.height - overlay.height - c.y };
    case 'center':
      return { x: Math.round((frame.width - overlay.width) / 2 + c.x), y: Math.round((frame.height - overlay.height) / 2 + c.y) };
    default:
      return { x: c.x, y: c.y };
  }
}

export const compose = defineNode({
  type: 'showflow.compose',
  typeVersion: 1,
  title: 'Compose',
  category: 'compose',
  description: 'Blends the latest overlay image onto each frame at a position, scale and opacity. Frames without an overlay pass through.',
  inputs: {
    frame: { type: 'frame' },
    overlay: { type: 'image', trigger: false },
  },
  outputs: { out: { type: 'frame' } },
  config,
  budgetMs: 8,
  setup: (): State => ({ overlays: emptyOverlayCache() }),
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    const yuv = prefersYuv(input);
    const frame = yuv ? await yuvFrame(ctx.frames, input) : await ctx.frames.raw(input);
    const out = ctx.frames.alloc(frame.data.length);
    frame.data.copy(out);
    const overlay = ctx.inputs.overlay;
    const { config, state } = ctx;
    if (overlay && config.opacity > 0) {
      const pixels = await overlayPixels(state.overlays, overlay, config.scale, (f) => ctx.frames.raw(f));
      const at = overlayPosition(frame, pixels, config);
      if (yuv) {
        const x = Math.round(at.x);
        const y = Math.round(at.y);
        const planes = overlayPlanes(state.overlays, overlay, config.scale, config.opacity, (x & 1) as 0 | 1, (y & 1) as 0 | 1, pixels);
        blendI420(out, frame.width, frame.height, planes, x, y);
      } else {
        const dst = { data: out, width: frame.width, height: frame.height, channels: frame.channels };
        blendOnto(dst, pixels, at.x, at.y, config.opacity);
      }
    }
    return { out: derivedFrame(frame, { width: frame.width, height: frame.height, channels: frame.channels, data: out }, frame.encoding) };
  },
});
