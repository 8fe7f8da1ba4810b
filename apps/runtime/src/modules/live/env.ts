import { z } from 'zod';

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
});

export interface LiveEnv {
  maxSendersPerStream: number;
  maxViewersPerPipeline: number;
  iceHostAddresses: string[];
  ffmpegPath: string;
}

/** The live layer's settings (SHOWFLOW_LIVE_*), validated, with defaults for one laptop. */
export function readLiveEnv(source: Record<string, string | undefined>): LiveEnv {
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
  };
}
