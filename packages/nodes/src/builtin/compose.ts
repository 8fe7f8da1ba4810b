import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { blendI420, blendOnto, yuvFrame } from '../pixels/index.ts';
import { emptyOverlayCache, overlayPixels, overlayPlanes, type OverlayCache } from './compose-overlay.ts';
import { derivedFrame, prefersYuv } from './frame-util.ts';

const anchors = ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'center'] as const;

/**
 * The frame v1 configs were written for: pixel offsets and overlay sizes were chosen on
 * 1280×720 pictures (the templates' and the capture's default size).
 */
export const COMPOSE_V1_FRAME = { width: 1280, height: 720 } as const;

const config = z.object({
  /**
   * Offset from the anchor corner toward the frame's inside, as a fraction of the frame's
   * width (x) and height (y): the overlay sits in the same place at any frame size.
   */
  x: z.number().min(-1).max(1).default(0.025),
  y: z.number().min(-1).max(1).default(0.045),
  anchor: z.enum(anchors).default('top-left'),
  /** Size of the overlay on a frame `designHeight` lines high; it grows and shrinks with the frame. */
  scale: z.number().min(0.01).max(8).default(1),
  /** The frame height the overlay images are drawn for (text sizes, drop cards are in these pixels). */
  designHeight: z.number().int().min(8).max(4320).default(720),
  opacity: z.number().min(0).max(1).default(1),
});

type Config = z.output<typeof config>;

/** v1 → v2: pixel offsets become fractions of the 1280×720 frame they were written for. */
function fromPixelGeometry(v1: Record<string, unknown>): Record<string, unknown> {
  const px = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
  return {
    ...v1,
    x: clampFraction(px(v1.x, 32) / COMPOSE_V1_FRAME.width),
    y: clampFraction(px(v1.y, 32) / COMPOSE_V1_FRAME.height),
    designHeight: COMPOSE_V1_FRAME.height,
  };
}

const clampFraction = (f: number) => Math.max(-1, Math.min(1, Math.round(f * 1e6) / 1e6));

/** The overlay's scale on this frame: its configured scale, grown or shrunk with the frame. */
export function overlayScale(frame: { height: number }, c: Pick<Config, 'scale' | 'designHeight'>): number {
  return Math.round(((c.scale * frame.height) / c.designHeight) * 1e4) / 1e4;
}

interface State {
  overlays: OverlayCache;
}

export function overlayPosition(frame: { width: number; height: number }, overlay: { width: number; height: number }, geometry: Pick<Config, 'x' | 'y' | 'anchor'>) {
  const c = { anchor: geometry.anchor, x: Math.round(geometry.x * frame.width), y: Math.round(geometry.y * frame.height) };
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
  typeVersion: 2,
  title: 'Compose',
  category: 'compose',
  description:
    'Blends the latest overlay image onto each frame at a position, scale and opacity, all relative to the frame: 640×360 and 1280×720 look the same. Frames without an overlay pass through.',
  inputs: {
    frame: { type: 'frame' },
    overlay: { type: 'image', trigger: false },
  },
  outputs: { out: { type: 'frame' } },
  config,
  budgetMs: 8,
  migrations: { 1: fromPixelGeometry },
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
      const scale = overlayScale(frame, config);
      const pixels = await overlayPixels(state.overlays, overlay, scale, (f) => ctx.frames.raw(f));
      const at = overlayPosition(frame, pixels, config);
      if (yuv) {
        const x = Math.round(at.x);
        const y = Math.round(at.y);
        const planes = overlayPlanes(state.overlays, overlay, scale, config.opacity, (x & 1) as 0 | 1, (y & 1) as 0 | 1, pixels);
        blendI420(out, frame.width, frame.height, planes, x, y);
      } else {
        const dst = { data: out, width: frame.width, height: frame.height, channels: frame.channels };
        blendOnto(dst, pixels, at.x, at.y, config.opacity);
      }
    }
    return { out: derivedFrame(frame, { width: frame.width, height: frame.height, channels: frame.channels, data: out }, frame.encoding) };
  },
});
