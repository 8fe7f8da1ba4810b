import type { InputPicture } from '../encoder/encoder-settings.ts';
import type { RestreamSettings } from './restream-settings.ts';

/** How a restream is encoded (the same fields for every protocol). */
export type RestreamEncoding = Pick<RestreamSettings, 'width' | 'height' | 'fps' | 'videoKbps' | 'audioKbps' | 'keyframeIntervalS' | 'preset'>;

/**
 * ffmpeg for one restream destination: the same raw inputs as the program encoder, H.264
 * high-compatibility (main profile, CBR-like, fixed GOP as platforms ask) and AAC, then
 * the destination's muxer and URL (`output`, e.g. FLV to rtmp://, MPEG-TS to srt://).
 * Progress lines go to stdout every second for the canvas status.
 */
export function restreamArgs(settings: RestreamEncoding, input: InputPicture, output: string[]): string[] {
  const gop = Math.max(1, Math.round(settings.fps * settings.keyframeIntervalS));
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-progress', 'pipe:1', '-stats_period', '1',
    '-probesize', '32', '-analyzeduration', '0',
    '-thread_queue_size', '2', '-use_wallclock_as_timestamps', '1', '-framerate', '1000',
    '-f', 'rawvideo', '-pix_fmt', 'yuvj420p', '-s', `${input.width}x${input.height}`, '-i', 'pipe:0',
    '-probesize', '32', '-analyzeduration', '0', '-thread_queue_size', '64',
    '-f', 'f32le', '-ar', '48000', '-ac', '2', '-i', 'pipe:3',
    '-map', '0:v', '-map', '1:a',
    '-vf', `scale=${settings.width}:${settings.height}:out_range=tv,format=yuv420p`,
    '-c:v', 'libx264', '-preset', settings.preset, '-tune', 'zerolatency', '-profile:v', 'main',
    '-b:v', `${settings.videoKbps}k`, '-maxrate', `${settings.videoKbps}k`, '-bufsize', `${settings.videoKbps * 2}k`,
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    // Platforms want a constant frame rate: frames are duplicated or dropped to `fps`.
    '-r', String(settings.fps), '-fps_mode', 'cfr',
    '-c:a', 'aac', '-b:a', `${settings.audioKbps}k`, '-ar', '48000',
    ...output,
  ];
}
