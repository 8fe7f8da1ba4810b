import { createRequire } from 'node:module';

/**
 * Native versions of Showflow's hottest pixel loops, as a small N-API addon.
 *
 * Optional like @showflow/jpeg-turbo: importing never throws, `available()` says whether
 * the addon loaded, and the kernels throw only when called without it, so callers check
 * `available()` and keep their JavaScript kernel. Each kernel gives the same bytes as the
 * JavaScript one it replaces.
 */

interface Binding {
  denoiseTemporal(src: Uint8Array, dst: Uint8Array, previous: Uint16Array, coef: Int16Array, length: number): void;
}

let binding: Binding | undefined;
let loadError: string | undefined;
let loaded = false;

function load(): Binding | undefined {
  if (loaded) return binding;
  loaded = true;
  try {
    binding = createRequire(import.meta.url)('../dist/pixel_native.node') as Binding;
  } catch (err) {
    loadError = (err as Error).message;
  }
  return binding;
}

/** Whether the native addon is built and loads. */
export function available(): boolean {
  return load() !== undefined;
}

/** Why `available()` is false, for logs; undefined when it is available. */
export function unavailableReason(): string | undefined {
  if (load()) return undefined;
  return loadError?.includes('Cannot find module') ? 'the addon was not built (a C compiler and node-gyp are needed)' : (loadError ?? 'unknown');
}

/**
 * hqdn3d's temporal step over the first `length` bytes: each byte of `src` is pulled
 * toward its running value in `previous` (8.8 fixed point) by the correction `coef`
 * (8192 entries, see `denoiseCoefficients` in @showflow/nodes) holds for their difference;
 * the result goes to `dst` and the new running value back to `previous`. Throws a
 * TypeError for wrong array types and a RangeError when `length` exceeds an array.
 */
export function denoiseTemporal(src: Uint8Array, dst: Uint8Array, previous: Uint16Array, coef: Int16Array, length: number): void {
  const b = load();
  if (!b) throw new Error(`@showflow/pixel-native is not available: ${unavailableReason()}`);
  b.denoiseTemporal(src, dst, previous, coef, length);
}
