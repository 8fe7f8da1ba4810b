import type { Frame } from '../sdk/index.ts';
import { encodeJpeg } from '../pixels/index.ts';

export interface TestFrameOptions {
  width?: number;
  height?: number;
  channels?: 3 | 4;
  /** `gradient` varies across x and y (default); `solid` fills every pixel with `color`. */
  pattern?: 'gradient' | 'solid';
  /** RGB or RGBA, for the solid pattern. */
  color?: number[];
  seq?: number;
  captureTs?: number;
  /** Source node id used in the frame id `<source>#<seq>`. */
  source?: string;
}

/** A small raw frame with predictable pixels. */
export function makeTestFrame(options: TestFrameOptions = {}): Frame {
  const { width = 64, height = 36, channels = 3, pattern = 'gradient', seq = 0, source = 'test' } = options;
  const color = options.color ?? [128, 128, 128, 255];
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      if (pattern === 'solid') {
        for (let c = 0; c < channels; c++) data[i + c] = color[c] ?? 255;
      } else {
        data[i] = Math.round((255 * x) / Math.max(1, width - 1));
        data[i + 1] = Math.round((255 * y) / Math.max(1, height - 1));
        data[i + 2] = (x * 7 + y * 3 + seq * 5) & 0xff;
        if (channels === 4) data[i + 3] = color[3] ?? 255;
      }
    }
  }
  return { width, height, channels, encoding: 'raw', data, seq, captureTs: options.captureTs ?? Date.now(), id: `${source}#${seq}` };
}

/** The same frame, JPEG-encoded (quality 90), as a capture device would send it. */
export async function makeTestJpeg(options: TestFrameOptions = {}, quality = 90): Promise<Frame> {
  const raw = makeTestFrame({ ...options, channels: 3 });
  return { ...raw, encoding: 'jpeg', data: await encodeJpeg(raw, quality) };
}

/** A frame wrapping arbitrary bytes claimed to be JPEG, for corrupt-input tests. */
export function makeJpegFrame(data: Buffer, width: number, height: number, seq = 0, source = 'test'): Frame {
  return { width, height, channels: 3, encoding: 'jpeg', data, seq, captureTs: Date.now(), id: `${source}#${seq}` };
}
