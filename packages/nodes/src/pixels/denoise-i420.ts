import { createDenoiseState, defaultDenoiseKernel, denoiseSpatioTemporal, denoiseTemporal, type DenoiseKernel, type DenoiseState } from './denoise.ts';
import { i420Planes } from './i420.ts';

/**
 * The hqdn3d-style denoiser on I420: each plane is filtered on its own with the same
 * coefficient tables, as hqdn3d does on ffmpeg's yuv420p. The chroma planes are a
 * quarter of the luma plane, so a frame costs half the bytes of the RGB path.
 */
export interface I420DenoiseState {
  readonly width: number;
  readonly height: number;
  readonly planes: [DenoiseState, DenoiseState, DenoiseState];
}

export function createI420DenoiseState(width: number, height: number): I420DenoiseState {
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  return { width, height, planes: [createDenoiseState(width, height, 1), createDenoiseState(cw, ch, 1), createDenoiseState(cw, ch, 1)] };
}

/**
 * Filters I420 `src` into `dst`; `spatial` adds hqdn3d's spatial pass before the temporal
 * one (JavaScript only). `kernel` picks the temporal-only loop.
 */
export function denoiseI420(
  src: Uint8Array,
  dst: Uint8Array,
  state: I420DenoiseState,
  temporal: Int16Array,
  spatial?: Int16Array,
  kernel: DenoiseKernel = defaultDenoiseKernel,
): void {
  const from = i420Planes(src, state.width, state.height);
  const to = i420Planes(dst, state.width, state.height);
  const pairs = [
    [from.y, to.y],
    [from.u, to.u],
    [from.v, to.v],
  ] as const;
  for (let p = 0; p < 3; p++) {
    const [s, d] = pairs[p];
    if (spatial) denoiseSpatioTemporal(s, d, state.planes[p], spatial, temporal);
    else denoiseTemporal(s, d, state.planes[p], temporal, kernel);
  }
}
