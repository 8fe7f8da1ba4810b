import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EncoderSettings } from './encoder-settings.ts';
import { x264Args } from './ffmpeg-args.ts';

const SECONDS = 2;
const CAP_KBPS = 2500;

/** Encodes SECONDS of an ffmpeg test source at 720p30 with the program's x264 arguments; Mbit/s of H.264 out. */
function encodedMbit(source: string, settings: Partial<EncoderSettings> = {}): Promise<number> {
  const args = x264Args(EncoderSettings.parse({ videoKbps: CAP_KBPS, ...settings }));
  const input = ['-f', 'lavfi', '-i', `${source}=size=1280x720:rate=30`, '-t', String(SECONDS)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.FFMPEG_PATH ?? 'ffmpeg', ['-hide_banner', '-loglevel', 'error', ...input, '-vf', 'format=yuv420p', ...args, '-f', 'h264', 'pipe:1']);
    let bytes = 0;
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((bytes * 8) / SECONDS / 1e6) : reject(new Error(`ffmpeg exited ${code}: ${errors}`))));
  });
}

describe('the program picture encode', () => {
  it('spends only what the quality needs on an easy picture', async () => {
    // An average-bitrate target spent ~1 Mbit/s on this card; its quality needs well under half that.
    expect(await encodedMbit('testsrc')).toBeLessThan(0.25 * (CAP_KBPS / 1000));
  });

  it('holds a picture full of detail to the ceiling', async () => {
    const mbit = await encodedMbit('testsrc2', { videoCrf: 12 });
    // The half-second buffer may start full: at most one buffer over the cap across the clip.
    expect(mbit).toBeLessThanOrEqual((CAP_KBPS * SECONDS + CAP_KBPS / 2) / SECONDS / 1000);
    expect(mbit).toBeGreaterThan(0.8 * (CAP_KBPS / 1000));
  });

  it('sharper quality settings spend more bits', async () => {
    const [sharp, soft] = await Promise.all([encodedMbit('testsrc', { videoCrf: 16 }), encodedMbit('testsrc', { videoCrf: 30 })]);
    expect(sharp).toBeGreaterThan(soft * 1.5);
  });
});
