import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { clusterPrefix, FrameClock, keyframeSchedule, KEYFRAME_REQUEST_EXPR, matroskaHeader } from './matroska-frames.ts';

const run = promisify(execFile);
const W = 160;
const H = 96;

/** Encodes the stream as the program does and lists each frame's picture type (I/P), read back with ffprobe. */
async function encode(frames: { at: number; keyframe: boolean }[], schedule = KEYFRAME_REQUEST_EXPR): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sf-mkv-'));
  const file = path.join(dir, 'out.mp4');
  try {
    const ffmpeg = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-probesize', '32', '-analyzeduration', '0', '-f', 'matroska', '-i', 'pipe:0',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '1000', '-sc_threshold', '0', '-force_key_frames', schedule,
      '-fps_mode', 'passthrough', '-enc_time_base:v', '1:90000', file,
    ], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    ffmpeg.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    const clock = new FrameClock(1_000);
    ffmpeg.stdin.write(matroskaHeader({ width: W, height: H }));
    frames.forEach(({ at, keyframe }, n) => {
      const picture = Buffer.alloc((W * H * 3) / 2, (n * 37) % 256);
      ffmpeg.stdin.write(clusterPrefix(clock.stamp(at, keyframe), picture.length));
      ffmpeg.stdin.write(picture);
    });
    ffmpeg.stdin.end();
    const code = await new Promise<number | null>((resolve) => ffmpeg.on('exit', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_frames', '-show_entries', 'frame=pict_type', '-of', 'csv=p=0', file]);
    return stdout.split('\n').map((l) => l.split(',')[0]).filter((t) => t === 'I' || t === 'P' || t === 'B');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('Matroska framing of the program pictures', () => {
  it('stamps frames in tenths of a millisecond, strictly increasing, marking only requested keyframes', () => {
    const clock = new FrameClock(1_000);
    expect(clock.stamp(1_000, false)).toBe(0);
    expect(clock.stamp(1_033.7, false)).toBe(330);
    expect(clock.stamp(1_033.9, true)).toBe(341);
    expect(clock.stamp(1_020, false)).toBe(350);
  });

  it('ffmpeg reads every frame and makes IDRs exactly where requested', async () => {
    const frames = Array.from({ length: 30 }, (_, n) => ({ at: 1_000 + n * 33.3, keyframe: n === 12 || n === 25 }));
    const types = await encode(frames);
    expect(types).toHaveLength(30);
    expect(types.flatMap((type, n) => (type === 'I' ? [n] : []))).toEqual([0, 12, 25]);
  });

  it('keeps the keyframe interval in real time when frames come slowly, requests included', async () => {
    // 5 fps for 3 s with a 1 s interval: a GOP counted at 30 fps would give one keyframe.
    const frames = Array.from({ length: 15 }, (_, n) => ({ at: 1_000 + n * 200, keyframe: n === 7 }));
    const types = await encode(frames, keyframeSchedule(1));
    // A requested keyframe (7, at 1.4001 s) restarts the interval: the next is due at 2.4001 s.
    expect(types.flatMap((type, n) => (type === 'I' ? [n] : []))).toEqual([0, 5, 7, 13]);
  });
});
