import path from 'node:path';
import type { EncoderSettings } from './encoder-settings.ts';
import { keyframeSchedule } from './matroska-frames.ts';

export interface EncoderTargets {
  videoPort: number;
  audioPort: number;
  /** Folder for this encoder run's HLS playlist and segments; none when HLS is off. */
  hlsDir?: string;
}

/** WebRTC packets must fit an MTU after SRTP and TURN overheads. */
export const RTP_PAYLOAD_BYTES = 1200;

export const HLS_PLAYLIST = 'index.m3u8';
export const HLS_INIT = 'init.mp4';

/** Escapes a value for one option inside a tee slave's `[k=v:k=v]` list. */
const teeValue = (value: string) => value.replace(/([\\:'[\]|])/g, '\\$1');

/**
 * One ffmpeg that encodes the program once: I420 frames on stdin in live Matroska
 * (full-range BT.601, as frames carry it; see matroska-frames.ts), interleaved float PCM
 * at 48 kHz stereo on fd 3. The one H.264 encode
 * goes through the tee muxer to RTP (WHEP) and, when enabled, to HLS fMP4 segments; audio
 * is encoded twice because the two worlds disagree: Opus for WebRTC, AAC for HLS players.
 *
 * Video timestamps are the wall clock when each frame was handed over (frames come when the
 * graph makes them); a frame stamped as a keyframe request becomes an IDR. Audio is timed
 * by its sample count.
 */
export function ffmpegArgs(settings: EncoderSettings, targets: EncoderTargets): string[] {
  const gop = Math.max(1, Math.round(settings.fps * settings.keyframeIntervalS));
  const rtp = (port: number) => `rtp://127.0.0.1:${port}?pkt_size=${RTP_PAYLOAD_BYTES}&rtcpport=${port}`;
  const slaves = [`[select=\\'v:0\\':f=rtp:payload_type=96:onfail=abort]${rtp(targets.videoPort)}`, `[select=\\'a:0\\':f=rtp:payload_type=111:onfail=abort]${rtp(targets.audioPort)}`];
  if (targets.hlsDir) {
    const options = [
      `select=\\'v:0,a:1\\'`,
      'f=hls',
      `hls_time=${settings.keyframeIntervalS}`,
      `hls_list_size=${settings.hlsListSize}`,
      'hls_flags=delete_segments+independent_segments+omit_endlist+temp_file',
      'hls_segment_type=fmp4',
      `hls_fmp4_init_filename=${HLS_INIT}`,
      `hls_segment_filename=${teeValue(path.join(targets.hlsDir, 'seg_%06d.m4s'))}`,
      // A full disk or a deleted folder stops HLS, never the WebRTC viewers.
      'onfail=ignore',
    ];
    slaves.push(`[${options.join(':')}]${path.join(targets.hlsDir, HLS_PLAYLIST)}`);
  }
  const maps = ['-map', '0:v', '-map', '1:a', ...(targets.hlsDir ? ['-map', '1:a'] : [])];
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    // No probing: the formats are given, and probing would wait for bytes before starting.
    '-probesize', '32', '-analyzeduration', '0',
    // A small queue: frames wait in the node (newest kept), never inside ffmpeg.
    '-thread_queue_size', '2', '-f', 'matroska', '-i', 'pipe:0',
    '-probesize', '32', '-analyzeduration', '0', '-thread_queue_size', '64',
    '-f', 'f32le', '-ar', '48000', '-ac', '2', '-i', 'pipe:3',
    ...maps,
    '-vf', `scale=${settings.width}:${settings.height}:in_range=pc:out_range=tv,format=yuv420p`,
    '-c:v', 'libx264', '-preset', settings.preset, '-tune', 'zerolatency', '-profile:v', 'baseline',
    // Keyframes every interval of real time, and on viewers' (rate-limited) requests.
    '-force_key_frames', keyframeSchedule(settings.keyframeIntervalS),
    '-b:v', `${settings.videoKbps}k`, '-maxrate', `${settings.videoKbps}k`, '-bufsize', `${Math.round(settings.videoKbps / 2)}k`,
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    // SPS/PPS in band before every IDR: a viewer can join at any keyframe.
    '-x264-params', 'repeat-headers=1',
    '-r', String(settings.fps), '-fps_mode', 'passthrough', '-enc_time_base:v', '1:90000',
    '-c:a:0', 'libopus', '-application', 'lowdelay', '-frame_duration', '20', '-b:a:0', `${settings.audioKbps}k`,
    ...(targets.hlsDir ? ['-c:a:1', 'aac', '-b:a:1', '128k'] : []),
    // The tee would hold each video packet until the audio encoders (AAC's priming most) caught
    // up, ~25 ms a frame. Its outputs need no common order: each RTP output carries one stream,
    // and the HLS muxer interleaves its own (decision 0082).
    '-max_interleave_delta', '1',
    '-f', 'tee', slaves.join('|'),
  ];
}
