import { spawn } from 'node:child_process';
import { audioError } from '../errors.ts';
import { SAMPLE_RATE } from '../block.ts';

/** Longest stretch of a file that is decoded (a bed or a jingle, not a programme): 5 minutes. */
export const MAX_DECODE_SECONDS = 300;

export interface DecodedAudio {
  /** Interleaved stereo at 48 kHz. */
  samples: Float32Array;
  channels: 2;
  frames: number;
}

/**
 * Decodes any file ffmpeg reads to interleaved 32-bit float stereo at 48 kHz, once, so
 * playback costs a copy per block. ffmpeg does the container, codec and resampling work.
 */
export function decodeAudioFile(file: string, ffmpegPath = 'ffmpeg', signal?: AbortSignal): Promise<DecodedAudio> {
  return new Promise((resolve, reject) => {
    const args = ['-nostdin', '-v', 'error', '-i', file, '-t', String(MAX_DECODE_SECONDS), '-vn', '-f', 'f32le', '-acodec', 'pcm_f32le', '-ac', '2', '-ar', String(SAMPLE_RATE), 'pipe:1'];
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    const chunks: Buffer[] = [];
    let errText = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      if (errText.length < 2000) errText += c.toString();
    });
    child.on('error', (err) => reject(audioError('SF705', `cannot run ffmpeg: ${err.message}`)));
    child.on('close', (code) => {
      const bytes = Buffer.concat(chunks);
      const frames = Math.floor(bytes.length / 8);
      if (code !== 0 || frames === 0) {
        reject(audioError('SF705', `ffmpeg could not decode the file${errText ? `: ${errText.trim().split('\n').pop()}` : ' (no audio)'}`));
        return;
      }
      // Copy into an aligned array: the concatenated Buffer may start at any byte offset.
      const samples = new Float32Array(frames * 2);
      new Uint8Array(samples.buffer).set(bytes.subarray(0, frames * 8));
      resolve({ samples, channels: 2, frames });
    });
  });
}
