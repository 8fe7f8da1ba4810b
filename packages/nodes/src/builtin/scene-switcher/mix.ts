import type { Frame } from '../../sdk/index.ts';

/**
 * A dissolve between two RGB pictures of the same size: `t` 0 is all `from`, 1 all `to`.
 * Weights are 8-bit fixed point, so the result is exact at both ends.
 */
export function crossfade(from: Frame, to: Frame, t: number, out: Buffer): void {
  const w = Math.round(Math.max(0, Math.min(1, t)) * 256);
  const a = from.data;
  const b = to.data;
  const inv = 256 - w;
  for (let i = 0; i < out.length; i++) out[i] = (a[i] * inv + b[i] * w + 128) >> 8;
}

export function sameSize(a: Frame, b: Frame): boolean {
  return a.width === b.width && a.height === b.height && a.channels === b.channels;
}
