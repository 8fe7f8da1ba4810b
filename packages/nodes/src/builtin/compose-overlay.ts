import type { Frame } from '../sdk/index.ts';
import { overlayToI420, scaleImage, type I420Overlay, type PixelRect } from '../pixels/index.ts';

/**
 * The overlay in the forms compose blends, each kept until the overlay's id, revision,
 * size or the settings that shaped it change: scaled RGB(A) for RGB frames, and I420
 * planes with alpha (opacity and chroma parity folded in) for I420 frames.
 */
export interface OverlayCache {
  rgb: { key: string; pixels: PixelRect } | undefined;
  planes: { key: string; overlay: I420Overlay } | undefined;
}

export const emptyOverlayCache = (): OverlayCache => ({ rgb: undefined, planes: undefined });

const overlayKey = (overlay: Frame, scale: number) => `${overlay.id}@${overlay.seq}:${overlay.width}x${overlay.height}x${overlay.channels}:${overlay.encoding}:${scale}`;

/**
 * The overlay ready to blend onto RGB. An unscaled raw overlay is used as it is (the
 * runtime keeps a non-trigger input valid); otherwise the decoded/scaled copy is kept.
 */
export async function overlayPixels(cache: OverlayCache, overlay: Frame, scale: number, raw: (f: Frame) => Promise<Frame>): Promise<PixelRect> {
  if (scale === 1 && overlay.encoding === 'raw') return overlay;
  const key = overlayKey(overlay, scale);
  if (cache.rgb?.key === key) return cache.rgb.pixels;
  const decoded = await raw(overlay);
  const pixels = scale === 1 ? { ...decoded, data: Buffer.from(decoded.data) } : await scaleImage(decoded, scale);
  cache.rgb = { key, pixels };
  return pixels;
}

/** The overlay as I420 + alpha for a top-left corner of parity (px, py); `pixels` is only read on a cache miss. */
export function overlayPlanes(cache: OverlayCache, overlay: Frame, scale: number, opacity: number, px: 0 | 1, py: 0 | 1, pixels: PixelRect): I420Overlay {
  const key = `${overlayKey(overlay, scale)}:${opacity}:${px}${py}`;
  if (cache.planes?.key === key) return cache.planes.overlay;
  const planes = overlayToI420(pixels, opacity, px, py);
  cache.planes = { key, overlay: planes };
  return planes;
}
