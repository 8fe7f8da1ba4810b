import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** One 1280×720 picture 30 times a second, the unit the default ingest budget is counted in. */
const PIXEL_RATE_720P30 = 1280 * 720 * 30;
/** 720p30 streams decoded per core by default (decision 0092). */
const STREAMS_PER_CORE = 4;

const LiveEnvSchema = z.object({
  /** Concurrent senders per stream; a further one is refused with SF603. */
  SHOWFLOW_LIVE_MAX_SENDERS: z.coerce.number().int().min(1).max(16).default(1),
  SHOWFLOW_LIVE_MAX_VIEWERS: z.coerce.number().int().min(1).max(10_000).default(100),
  /**
   * Extra host addresses offered as ICE candidates, comma-separated (e.g. a NAT'd host's
   * public address). Default `127.0.0.1`, so sender, runtime and viewer can share a machine.
   */
  SHOWFLOW_LIVE_ICE_HOSTS: z.string().default('127.0.0.1'),
  SHOWFLOW_LIVE_FFMPEG: z.string().min(1).default('ffmpeg'),
  /**
   * Concurrent WHIP sessions that decode video, runtime-wide; a further offer is refused with
   * 503 SF616. Default 4 per core (os.availableParallelism()).
   */
  SHOWFLOW_LIVE_MAX_INGEST_SESSIONS: z.coerce.number().int().min(1).max(10_000).optional(),
  /**
   * Decoded pixels per second (width × height × fps, summed over live video sessions) at which
   * new offers are refused with 503 SF616. Default four 1280×720 30 fps streams per core.
   */
  SHOWFLOW_LIVE_MAX_INGEST_PIXEL_RATE: z.coerce.number().int().min(1).optional(),
});

export interface LiveEnv {
  maxSendersPerStream: number;
  maxViewersPerPipeline: number;
  iceHostAddresses: string[];
  ffmpegPath: string;
  /** The runtime-wide video ingest budget (decision 0092). */
  ingestBudget: { maxSessions: number; maxPixelRate: number };
}

/** The live layer's settings (SHOWFLOW_LIVE_*), validated, with defaults for one laptop. */
export function readLiveEnv(source: Record<string, string | undefined>, cores: number = availableParallelism()): LiveEnv {
  const parsed = LiveEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`invalid live settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const env = parsed.data;
  return {
    maxSendersPerStream: env.SHOWFLOW_LIVE_MAX_SENDERS,
    maxViewersPerPipeline: env.SHOWFLOW_LIVE_MAX_VIEWERS,
    iceHostAddresses: env.SHOWFLOW_LIVE_ICE_HOSTS.split(',').map((s) => s.trim()).filter(Boolean),
    ffmpegPath: env.SHOWFLOW_LIVE_FFMPEG,
    ingestBudget: {
      maxSessions: env.SHOWFLOW_LIVE_MAX_INGEST_SESSIONS ?? STREAMS_PER_CORE * cores,
      maxPixelRate: env.SHOWFLOW_LIVE_MAX_INGEST_PIXEL_RATE ?? STREAMS_PER_CORE * cores * PIXEL_RATE_720P30,
    },
  };
}
