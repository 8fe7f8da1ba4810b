import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type SampleKind = 'vp8' | 'vp9' | 'av1' | 'h264-baseline' | 'h264-main' | 'h264-high';

export interface EncodedSample {
  frames: Buffer[];
  /** Which frames are key frames (every `gop`th). */
  keyframes: boolean[];
}

const ENCODER: Record<SampleKind, string[]> = {
  vp8: ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-f', 'ivf'],
  vp9: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-f', 'ivf'],
  av1: ['-c:v', 'libaom-av1', '-cpu-used', '8', '-usage', 'realtime', '-f', 'ivf'],
  // WebRTC senders use no B-frames; an access unit delimiter lets the test cut frames apart.
  'h264-baseline': ['-c:v', 'libx264', '-profile:v', 'baseline', '-bf', '0', '-x264-params', 'aud=1', '-f', 'h264'],
  'h264-main': ['-c:v', 'libx264', '-profile:v', 'main', '-bf', '0', '-x264-params', 'aud=1', '-f', 'h264'],
  'h264-high': ['-c:v', 'libx264', '-profile:v', 'high', '-bf', '0', '-x264-params', 'aud=1', '-f', 'h264'],
};

/** Encodes `count` frames of ffmpeg's moving test pattern with a real encoder, cut into frames. */
export async function encodeSample(kind: SampleKind, count: number, size = '320x180', gop = 10): Promise<EncodedSample> {
  const dir = await mkdtemp(join(tmpdir(), 'showflow-sample-'));
  try {
    const file = join(dir, 'out');
    await run('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`, '-frames:v', String(count), '-g', String(gop), ...ENCODER[kind], file]);
    const data = await readFile(file);
    const frames = kind.startsWith('h264') ? annexBAccessUnits(data) : ivfFrames(data);
    return { frames, keyframes: frames.map((_, i) => i % gop === 0) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function ivfFrames(file: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  let offset = file.readUInt16LE(6);
  while (offset + 12 <= file.byteLength) {
    const size = file.readUInt32LE(offset);
    frames.push(file.subarray(offset + 12, offset + 12 + size));
    offset += 12 + size;
  }
  return frames;
}

/** Splits at access unit delimiters (NAL type 9). */
function annexBAccessUnits(stream: Buffer): Buffer[] {
  const starts: number[] = [];
  for (let i = 0; i + 4 < stream.byteLength; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 0 && stream[i + 3] === 1 && (stream[i + 4] & 0x1f) === 9) starts.push(i);
  }
  // WebRTC depacketizers give access units without the delimiter, so it is cut off (6 bytes).
  return starts.map((start, i) => stream.subarray(start + 6, starts[i + 1] ?? stream.byteLength));
}
