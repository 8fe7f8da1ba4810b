/**
 * Picture bits per viewer, and the quality they buy, on pictures other than the clock. The
 * glass-to-glass rounds send a flat canvas with the time drawn on it (so the time can be
 * read back), which JPEG compresses unusually well; a camera gives texture and sensor noise
 * on every frame, and studio graphics sit in between. Each clip (ffmpeg test sources, 720p30)
 * goes through each path's own encoder: the JPEG viewer's (`showflow.viewer-output` at its
 * default quality, TurboJPEG from I420) and the program's H.264 (program-out's x264
 * arguments at the bench's ceiling). Quality is PSNR of the decoded picture against the
 * source (all of I420), averaged over frames, so fewer bits are not bought with a worse picture.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { EncoderSettings, x264Args } from '@showflow/program-out';
import { encodeJpeg, psnr, toI420Frame } from '@showflow/nodes/pixels';

export interface PathCost {
  mbit: number;
  /** Mean PSNR of the decoded picture against the source, dB. */
  psnrDb: number;
}

export interface ContentBits {
  clip: string;
  jpeg: PathCost;
  h264: PathCost;
}

/** Grain as a camera sensor gives at indoor light: visible, not extreme. */
const NOISE = 'noise=alls=8:allf=t+u';
/** `showflow.viewer-output`'s default JPEG quality. */
const VIEWER_JPEG_QUALITY = 75;

interface Clip {
  clip: string;
  /** An ffmpeg lavfi test source, and the filter applied to it. */
  source: string;
  filter: string;
}

const CAMERA_LIKE: Clip = { clip: 'camera-like (test card with sensor grain)', source: 'testsrc2', filter: `${NOISE},format=yuv420p` };
const CLIPS: Clip[] = [
  CAMERA_LIKE,
  { clip: 'studio graphics (flat test card with a counter)', source: 'testsrc', filter: 'format=yuv420p' },
];

export async function contentBits(width: number, height: number, fps: number, videoKbps: number, seconds = 5): Promise<ContentBits[]> {
  const results: ContentBits[] = [];
  for (const clip of CLIPS) {
    const frames = await rawFrames(ffmpeg([...clipInput(clip, width, height, fps, seconds), '-f', 'rawvideo', 'pipe:1']), (width * height * 3) / 2);
    results.push({ clip: clip.clip, jpeg: await jpegCost(frames, width, height, seconds), h264: await h264Cost(frames, width, height, fps, videoKbps, seconds) });
  }
  return results;
}

/** The camera-like clip as numbered high-quality JPEG files in `folder`, as a capture device would send them. */
export async function writeCameraLikeClip(folder: string, width: number, height: number, fps: number, seconds: number): Promise<void> {
  await collect(ffmpeg([...clipInput(CAMERA_LIKE, width, height, fps, seconds), '-q:v', '3', path.join(folder, '%04d.jpg')]));
}

const clipInput = ({ source, filter }: Clip, width: number, height: number, fps: number, seconds: number) => [
  '-f', 'lavfi', '-i', `${source}=size=${width}x${height}:rate=${fps}`, '-t', String(seconds), '-vf', filter,
];

async function jpegCost(frames: Buffer[], width: number, height: number, seconds: number): Promise<PathCost> {
  let bytes = 0;
  let quality = 0;
  for (const [seq, data] of frames.entries()) {
    const frame = { width, height, channels: 3 as const, encoding: 'yuv420' as const, data, seq, captureTs: 0, id: `content#${seq}` };
    const jpeg = await encodeJpeg(frame, VIEWER_JPEG_QUALITY);
    bytes += jpeg.length;
    const decoded = await toI420Frame({ ...frame, encoding: 'jpeg', data: jpeg });
    quality += psnr(decoded.data, data);
  }
  return { mbit: (bytes * 8) / seconds / 1e6, psnrDb: quality / frames.length };
}

async function h264Cost(frames: Buffer[], width: number, height: number, fps: number, videoKbps: number, seconds: number): Promise<PathCost> {
  const settings = EncoderSettings.parse({ width, height, fps, videoKbps });
  const rawIn = ['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0'];
  const h264 = Buffer.concat(await collect(ffmpeg([...rawIn, ...x264Args(settings), '-f', 'h264', 'pipe:1']), frames));
  // x264 with zerolatency has no B-frames: pictures come out in the order they went in.
  const decoded = await rawFrames(ffmpeg(['-f', 'h264', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1']), (width * height * 3) / 2, [h264]);
  if (decoded.length !== frames.length) throw new Error(`H.264 gave back ${decoded.length} of ${frames.length} pictures`);
  const quality = decoded.reduce((sum, picture, i) => sum + psnr(picture, frames[i]), 0);
  return { mbit: (h264.length * 8) / seconds / 1e6, psnrDb: quality / frames.length };
}

const ffmpeg = (args: string[]) => ['-hide_banner', '-loglevel', 'error', ...args];

/** Runs ffmpeg with `input` written to its stdin (none: stdin closed); its stdout as chunks. */
function collect(args: string[], input: Buffer[] = []): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.FFMPEG_PATH ?? 'ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(chunks) : reject(new Error(`ffmpeg exited ${code}: ${errors.slice(-500)}`))));
    child.stdin.on('error', reject);
    for (const buffer of input) child.stdin.write(buffer);
    child.stdin.end();
  });
}

/** ffmpeg's raw output cut into whole pictures of `frameBytes`. */
async function rawFrames(args: string[], frameBytes: number, input: Buffer[] = []): Promise<Buffer[]> {
  const all = Buffer.concat(await collect(args, input));
  const frames: Buffer[] = [];
  for (let at = 0; at + frameBytes <= all.length; at += frameBytes) frames.push(all.subarray(at, at + frameBytes));
  return frames;
}
