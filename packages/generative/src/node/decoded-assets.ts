import { loadRgba, type RawPixels } from '@showflow/nodes/pixels';
import type { Frame } from '@showflow/nodes/sdk';

/** Decoded images kept per node: every variation plus a few generated or fallback assets. */
const MAX_DECODED = 24;

/**
 * RGBA pixels per asset hash, decoded from PNG once. The frame path reads `get`
 * synchronously; decoding happens in `decode`, before the show or in the background.
 */
export class DecodedAssets {
  readonly #pixels = new Map<string, RawPixels>();
  readonly #pending = new Map<string, Promise<RawPixels>>();

  get(assetHash: string): RawPixels | undefined {
    return this.#pixels.get(assetHash);
  }

  /** Decodes once; concurrent callers for the same hash share the work. */
  decode(assetHash: string, png: Buffer): Promise<RawPixels> {
    const ready = this.#pixels.get(assetHash);
    if (ready) return Promise.resolve(ready);
    let pending = this.#pending.get(assetHash);
    if (!pending) {
      pending = loadRgba(png)
        .then((pixels) => {
          this.#pixels.set(assetHash, pixels);
          // The bound keeps a node that keeps generating during a long show from growing without limit.
          while (this.#pixels.size > MAX_DECODED) this.#pixels.delete(this.#pixels.keys().next().value!);
          return pixels;
        })
        .finally(() => this.#pending.delete(assetHash));
      this.#pending.set(assetHash, pending);
    }
    return pending;
  }
}

/** A transparent pixel: compose blends nothing visible, used when the policy is to show no overlay. */
export const NO_OVERLAY: RawPixels = { width: 1, height: 1, channels: 4, data: Buffer.alloc(4) };

/**
 * The image as a fresh pooled frame. `seq` is derived from the asset hash so compose,
 * which caches scaled overlays by id and seq, rescales exactly when the asset changes.
 */
export function overlayFrame(pixels: RawPixels, revision: string, alloc: (n: number) => Buffer, nodeId: string, captureTs: number): Frame {
  const data = alloc(pixels.data.length);
  pixels.data.copy(data);
  const seq = Number.parseInt(revision.slice(0, 8), 16) >>> 0;
  return { width: pixels.width, height: pixels.height, channels: pixels.channels, encoding: 'raw', data, seq, captureTs, id: `${nodeId}#${seq}` };
}
