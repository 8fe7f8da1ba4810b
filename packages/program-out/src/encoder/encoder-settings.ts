import { z } from 'zod';

/**
 * How the program is encoded, once per output. Defaults: 720p30 at up to 2.5 Mbit/s H.264
 * constrained baseline (every browser decodes it in hardware or software) and 96 kbit/s
 * Opus, keyframe every second (decision 0081: HLS segments of 1 s, WHEP viewers in within 1 s).
 */
export const EncoderSettings = z.object({
  width: z.number().int().min(160).max(3840).multipleOf(2).default(1280),
  height: z.number().int().min(90).max(2160).multipleOf(2).default(720),
  fps: z.number().int().min(5).max(60).default(30),
  /** The ceiling, held over a half-second buffer (decision 0098). */
  videoKbps: z.number().int().min(200).max(12_000).default(2500),
  /**
   * The picture quality the encode holds while under `videoKbps` (x264's constant rate
   * factor: lower is sharper and costs more bits; 18 looks lossless, 28 soft). Easy pictures
   * take only the bits this quality needs; hard ones are held to the ceiling (decision 0098).
   */
  videoCrf: z.number().int().min(12).max(35).default(23),
  audioKbps: z.number().int().min(24).max(256).default(96),
  keyframeIntervalS: z.number().min(0.5).max(4).default(1),
  /** libx264 preset: `veryfast` keeps 720p30 within one core here; `ultrafast` for weak machines. */
  preset: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast']).default('veryfast'),
  /** Also segment the same encode as HLS (fMP4, AAC audio) for audiences beyond WebRTC. */
  hls: z.boolean().default(true),
  /** Segments kept in the live playlist. */
  hlsListSize: z.number().int().min(3).max(20).default(6),
  /**
   * Longest a WHEP viewer's player may hold a picture to smooth out network jitter, sent to
   * players that understand it (Chromium-based ones). 0 shows each picture as soon as it is
   * decoded: lowest latency, for shows where the audience reacts live (decision 0093).
   */
  viewerMaxDelayMs: z.number().int().min(0).max(2000).default(0),
});
export type EncoderSettings = z.output<typeof EncoderSettings>;

/** The picture size ffmpeg is told to read; the frames of a program keep it until they change. */
export interface InputPicture {
  width: number;
  height: number;
}
