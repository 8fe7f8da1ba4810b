import type { EncoderSettings, InputPicture } from './encoder-settings.ts';

export interface RtpTargets {
  videoPort: number;
  audioPort: number;
}

/** WebRTC packets must fit an MTU after SRTP and TURN overheads. */
export const RTP_PAYLOAD_BYTES = 1200;

/**
 * One ffmpeg that encodes the program once: I420 frames on stdin (full-range BT.601, as
 * frames carry it), interleaved float PCM at 48 kHz stereo on fd 3, H.264 and Opus out as
 * RTP to two local UDP ports. Video timestamps are the wall clock at arrival (frames come
 * when the graph makes them, not at a fixed rate); audio is timed by its sample count.
 * RTCP goes to the same port as RTP and is ignored there.
 */
export function ffmpegArgs(settings: EncoderSettings, input: InputPicture, targets: RtpTargets): string[] {
  const gop = Math.max(1, Math.round(settings.fps * settings.keyframeIntervalS));
  const rtp = (port: number) => `rtp://127.0.0.1:${port}?pkt_size=${RTP_PAYLOAD_BYTES}&rtcpport=${port}`;
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    // A small queue: frames wait in the node (newest kept), never inside ffmpeg.
    // No probing: the formats are given, and probing would wait for bytes before starting.
    '-probesize', '32', '-analyzeduration', '0',
    '-thread_queue_size', '2', '-use_wallclock_as_timestamps', '1',
    '-f', 'rawvideo', '-pix_fmt', 'yuvj420p', '-s', `${input.width}x${input.height}`, '-i', 'pipe:0',
    '-probesize', '32', '-analyzeduration', '0', '-thread_queue_size', '64',
    '-f', 'f32le', '-ar', '48000', '-ac', '2', '-i', 'pipe:3',
    '-map', '0:v',
    '-vf', `scale=${settings.width}:${settings.height}:out_range=tv,format=yuv420p`,
    '-c:v', 'libx264', '-preset', settings.preset, '-tune', 'zerolatency',
    '-profile:v', 'baseline',
    '-b:v', `${settings.videoKbps}k`, '-maxrate', `${settings.videoKbps}k`, '-bufsize', `${Math.round(settings.videoKbps / 2)}k`,
    '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    // SPS/PPS in band before every IDR: a viewer can join at any keyframe.
    '-x264-params', 'repeat-headers=1',
    '-fps_mode', 'passthrough',
    '-f', 'rtp', '-payload_type', '96', rtp(targets.videoPort),
    '-map', '1:a',
    '-c:a', 'libopus', '-application', 'lowdelay', '-frame_duration', '20', '-b:a', `${settings.audioKbps}k`,
    '-f', 'rtp', '-payload_type', '111', rtp(targets.audioPort),
  ];
}
