import { z } from 'zod';

/**
 * Where and how to restream. The stream key is never part of the document: `streamKey`
 * names a runtime secret (`SHOWFLOW_RESTREAM_KEY_<NAME>`), so exported documents,
 * templates, API answers and logs never carry it (decision 0053).
 */
export const RestreamSettings = z.object({
  /** The platform's ingest URL without the key, e.g. rtmp://a.rtmp.youtube.com/live2. */
  url: z
    .string()
    .max(500)
    .regex(/^rtmps?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'an rtmp:// or rtmps:// URL without query or key')
    .default('rtmp://127.0.0.1/live'),
  /** Name of the secret holding the stream key: `YOUTUBE` reads SHOWFLOW_RESTREAM_KEY_YOUTUBE. */
  streamKey: z.string().regex(/^[A-Z0-9_]{1,40}$/, 'upper-case letters, digits and _').default('DEFAULT'),
  width: z.number().int().min(160).max(3840).multipleOf(2).default(1280),
  height: z.number().int().min(90).max(2160).multipleOf(2).default(720),
  fps: z.number().int().min(5).max(60).default(30),
  videoKbps: z.number().int().min(200).max(12_000).default(3000),
  audioKbps: z.number().int().min(64).max(320).default(128),
  /** Platforms ask for 2 s (YouTube, Twitch accept up to 4 s). */
  keyframeIntervalS: z.number().min(1).max(4).default(2),
  preset: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast']).default('veryfast'),
});
export type RestreamSettings = z.output<typeof RestreamSettings>;
