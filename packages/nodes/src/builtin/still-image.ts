import type { Frame } from '../sdk/index.ts';
import type { RawPixels } from '../pixels/index.ts';
import { contentRevision } from './frame-util.ts';

/** How often image sources send their (unchanged) image again, so a restarted consumer has it quickly. */
export const IMAGE_REEMIT_MS = 500;

/** A cached still with a content revision, emitted as a fresh pooled copy each time. */
export class StillImage {
  readonly revision: number;
  constructor(readonly pixels: RawPixels) {
    this.revision = contentRevision(pixels.data);
  }

  toFrame(alloc: (n: number) => Buffer, nodeId: string, captureTs: number): Frame {
    const { width, height, channels } = this.pixels;
    const data = alloc(this.pixels.data.length);
    this.pixels.data.copy(data);
    // seq is the content revision: consumers cache derived pixels by id + seq.
    return { width, height, channels, encoding: 'raw', data, seq: this.revision, captureTs, id: `${nodeId}#${this.revision}` };
  }
}
