/**
 * Picture bits per viewer on camera-like content. The glass-to-glass rounds send a flat
 * canvas with the time drawn on it (so the time can be read back), which JPEG compresses
 * unusually well; a camera gives texture and sensor noise on every frame. Here one clip of
 * that (ffmpeg's testsrc2 with temporal noise, 720p30) goes through each path's own encoder:
 * the JPEG viewer's (`showflow.viewer-output` at its default quality, TurboJPEG from I420)
 * and the program's H.264 (program-out's x264 arguments at the bench's bitrate).
 */
import { spawn } from 'node:child_process';
import { EncoderSettings, x264Args } from '@showflow/program-out';
import { encodeJpeg } from '@showflow/nodes/pixels';

export interface ContentBits {
  jpegMbit: number;
  h264Mbit: number;
  seconds: number;
}

/** Grain as a camera sensor gives at indoor light: visible, not extreme. */
const NOISE = 'noise=alls=8:allf=t+u';
/** `showflow.viewer-output`'s default JPEG quality. */
const VIEWER_JPEG_QUALITY = 75;

export async function contentBits(width: number, height: number, fps: number, videoKbps: number, seconds = 5): Promise<ContentBits> {
  const source = ['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`, '-t', String(seconds), '-vf', `${NOISE},format=yuv420p`];
  const settings = EncoderSettings.parse({ width, height, fps, videoKbps });
  const h264Bytes = await byteCount(['-hide_banner', '-loglevel', 'error', ...source, ...x264Args(settings), '-f', 'h264', 'pipe:1']);
  let jpegBytes = 0;
  const frameBytes = (width * height * 3) / 2;
  await rawFrames(['-hide_banner', '-loglevel', 'error', ...source, '-f', 'rawvideo', 'pipe:1'], frameBytes, async (data, seq) => {
    const jpeg = await encodeJpeg({ width, height, channels: 3, encoding: 'yuv420', data, seq, captureTs: 0, id: `content#${seq}` }, VIEWER_JPEG_QUALITY);
    jpegBytes += jpeg.length;
  });
  return { jpegMbit: (jpegBytes * 8) / seconds / 1e6, h264Mbit: (h264Bytes * 8) / seconds / 1e6, seconds };
}

function byteCount(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.FFMPEG_PATH ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(bytes) : reject(new Error(`ffmpeg exited ${code}: ${errors.slice(-500)}`))));
  });
}

/** Runs ffmpeg and hands each whole raw frame of its output to `onFrame`, one at a time. */
async function rawFrames(args: string[], frameBytes: number, onFrame: (frame: Buffer, seq: number) => Promise<void>): Promise<void> {
  const child = spawn(process.env.FFMPEG_PATH ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let pending = Buffer.alloc(0);
  let seq = 0;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= frameBytes) {
      await onFrame(Buffer.from(pending.subarray(0, frameBytes)), seq++);
      pending = pending.subarray(frameBytes);
    }
  }
  const code = await exited;
  if (code !== 0) throw new Error(`ffmpeg exited ${code} while making the content clip`);
}
