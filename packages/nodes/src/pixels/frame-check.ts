import type { Frame } from '../sdk/index.ts';
import { corruptFrame } from './errors.ts';
import { i420Size } from './i420.ts';

/** Raw frames only reach kernels with a buffer that exactly covers width × height × channels. */
export function assertRawFrame(frame: Frame, what = 'frame'): void {
  if (frame.encoding !== 'raw') throw corruptFrame(`${what} ${frame.id} is ${frame.encoding}, raw pixels were expected`);
  const { width, height, channels } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw corruptFrame(`${what} ${frame.id} has invalid size ${width}×${height}`);
  }
  if (channels !== 3 && channels !== 4) throw corruptFrame(`${what} ${frame.id} has ${channels} channels, 3 or 4 were expected`);
  const expected = width * height * channels;
  if (frame.data.length !== expected) {
    throw corruptFrame(`${what} ${frame.id} holds ${frame.data.length} bytes, ${width}×${height}×${channels} needs ${expected}`);
  }
}

/** `yuv420` frames only reach kernels with a buffer that holds exactly their three planes. */
export function assertI420Frame(frame: Frame, what = 'frame'): void {
  if (frame.encoding !== 'yuv420') throw corruptFrame(`${what} ${frame.id} is ${frame.encoding}, I420 planes were expected`);
  const { width, height } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw corruptFrame(`${what} ${frame.id} has invalid size ${width}×${height}`);
  }
  const expected = i420Size(width, height);
  if (frame.data.length !== expected) {
    throw corruptFrame(`${what} ${frame.id} holds ${frame.data.length} bytes, I420 ${width}×${height} needs ${expected}`);
  }
}

export function assertSameShape(a: Frame, b: Frame): void {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw corruptFrame(`${a.id} is ${a.width}×${a.height}×${a.channels} but ${b.id} is ${b.width}×${b.height}×${b.channels}`);
  }
}
