import path from 'node:path';
import type { EncoderSettings } from './encoder-settings.ts';
import type { FeedProcess } from './av-feed.ts';
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

const INPUT_NOW = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-probesize', '32', '-analyzeduration', '0'];
const SOUND_IN = (fd: number) => ['-thread_queue_size', '64', '-f', 'f32le', '-ar', '48000', '-ac', '2', '-i', `pipe:${fd}`];

/**
 * The program's H.264 encode: what a browser plays, at a constant quality capped at the
 * settings' bitrate. An average-bitrate target spent the whole budget it could on a flat
 * studio picture (69 dB PSNR, detail no viewer sees); capped CRF spends what the quality
 * needs and holds hard pictures to the same ceiling over a half-second buffer (decision 0098).
 */
export function x264Args(settings: EncoderSettings): string[] {
  const gop = Math.max(1, Math.round(settings.fps * settings.keyframeIntervalS));
  return [
    '-c:v', 'libx264', '-preset', settings.preset, '-tune', 'zerolatency', '-profile:v', 'baseline',
    '-crf', String(settings.videoCrf), '-maxrate', `${settings.videoKbps}k`, '-bufsize', `${Math.round(settings.videoKbps / 2)}k`,
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    // SPS/PPS in band before every IDR: a viewer can join at any keyframe.
    '-x264-params', 'repeat-headers=1',
  ];
}

/**
 * The program encoded once, by up to three ffmpegs fed from one AvFeed:
 * - the picture: I420 frames on stdin in live Matroska (full-range BT.601, as frames carry
 *   it; see matroska-frames.ts) → the one H.264 encode → RTP for WHEP, and (HLS on) the
 *   encoded picture on stdout for the HLS process;
 * - the sound: interleaved float PCM at 48 kHz stereo on fd 3 → Opus → RTP for WHEP;
 * - HLS (when on): that encoded picture (copied, not encoded again) on fd 4 and its own copy
 *   of the sound → AAC → fMP4 segments.
 * One ffmpeg for all of it made every picture wait for the sound up to its time (ffmpeg
 * reads its inputs in timestamp order): ~40 ms a frame on this machine. Apart, the WHEP
 * picture leaves as soon as it is encoded (decision 0093).
 *
 * Video timestamps are the wall clock when each frame was handed over (frames come when the
 * graph makes them); a frame stamped as a keyframe request becomes an IDR. Audio is timed
 * by its sample count; the processes start together, so the HLS process lines them up as
 * one ffmpeg did.
 */
export function ffmpegArgs(settings: EncoderSettings, targets: EncoderTargets): FeedProcess[] {
  const rtp = (port: number) => `rtp://127.0.0.1:${port}?pkt_size=${RTP_PAYLOAD_BYTES}&rtcpport=${port}`;
  const videoOut = targets.hlsDir
    ? // The HLS process is fed through a pipe; if it fails, the WHEP picture goes on.
      ['-f', 'tee', `[f=rtp:payload_type=96:onfail=abort]${rtp(targets.videoPort)}|[f=nut:onfail=ignore]pipe:1`]
    : ['-f', 'rtp', '-payload_type', '96', rtp(targets.videoPort)];
  const picture: FeedProcess = {
    video: true,
    args: [
      ...INPUT_NOW,
      // A small queue: frames wait in the node (newest kept), never inside ffmpeg.
      '-thread_queue_size', '2', '-f', 'matroska', '-i', 'pipe:0',
      '-map', '0:v',
      '-vf', `scale=${settings.width}:${settings.height}:in_range=pc:out_range=tv,format=yuv420p`,
      ...x264Args(settings),
      // Keyframes every interval of real time, and on viewers' (rate-limited) requests.
      '-force_key_frames', keyframeSchedule(settings.keyframeIntervalS),
      '-r', String(settings.fps), '-fps_mode', 'passthrough', '-enc_time_base:v', '1:90000',
      ...videoOut,
    ],
  };
  const sound: FeedProcess = {
    audio: true,
    args: [
      ...INPUT_NOW, ...SOUND_IN(3),
      '-map', '0:a', '-c:a', 'libopus', '-application', 'lowdelay', '-frame_duration', '20', '-b:a', `${settings.audioKbps}k`,
      '-f', 'rtp', '-payload_type', '111', rtp(targets.audioPort),
    ],
  };
  if (!targets.hlsDir) return [picture, sound];
  const hls: FeedProcess = {
    audio: true,
    encodedVideoFrom: 0,
    // A full disk or a deleted folder stops HLS, never the WebRTC viewers.
    optional: true,
    args: [
      ...INPUT_NOW,
      '-thread_queue_size', '64', '-f', 'nut', '-i', 'pipe:4',
      ...SOUND_IN(3),
      '-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k',
      '-f', 'hls',
      '-hls_time', String(settings.keyframeIntervalS),
      '-hls_list_size', String(settings.hlsListSize),
      '-hls_flags', 'delete_segments+independent_segments+omit_endlist+temp_file',
      '-hls_segment_type', 'fmp4',
      '-hls_fmp4_init_filename', HLS_INIT,
      '-hls_segment_filename', path.join(targets.hlsDir, 'seg_%06d.m4s'),
      path.join(targets.hlsDir, HLS_PLAYLIST),
    ],
  };
  return [picture, sound, hls];
}
