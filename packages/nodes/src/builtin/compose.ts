import { z } from 'zod';
import { defineNode, type Frame } from '../sdk/index.ts';
import { blendOnto, scaleImage, type PixelRect } from '../pixels/index.ts';
import { derivedFrame } from './frame-util.ts';

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
  /** The overlay as blended last time: scaled and decoded once per image revision. */
  cache: { key: string; pixels: PixelRect } | undefined;
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
  setup: (): State => ({ cache: undefined }),
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    const frame = await ctx.frames.raw(input);
    const out = ctx.frames.alloc(frame.data.length);
    frame.data.copy(out);
    const overlay = ctx.inputs.overlay;
    if (overlay && ctx.config.opacity > 0) {
      const pixels = await overlayPixels(ctx.state, overlay, ctx.config.scale, (f) => ctx.frames.raw(f));
      const dst = { data: out, width: frame.width, height: frame.height, channels: frame.channels };
      const at = overlayPosition(frame, pixels, ctx.config);
      blendOnto(dst, pixels, at.x, at.y, ctx.config.opacity);
    }
    return { out: derivedFrame(frame, { width: frame.width, height: frame.height, channels: frame.channels, data: out }) };
  },
});

/**
 * The overlay ready to blend. An unscaled raw overlay is used as it is (the runtime
 * keeps a non-trigger input valid); otherwise the decoded/scaled copy is kept in state
 * until the overlay's id, revision or the scale changes.
 */
async function overlayPixels(state: State, overlay: Frame, scale: number, raw: (f: Frame) => Promise<Frame>): Promise<PixelRect> {
  if (scale === 1 && overlay.encoding === 'raw') return overlay;
  const key = `${overlay.id}@${overlay.seq}:${overlay.width}x${overlay.height}x${overlay.channels}:${scale}`;
  if (state.cache?.key === key) return state.cache.pixels;
  const decoded = await raw(overlay);
  const pixels = scale === 1 ? { ...decoded, data: Buffer.from(decoded.data) } : await scaleImage(decoded, scale);
  state.cache = { key, pixels };
  return pixels;
}
