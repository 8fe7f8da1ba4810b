import path from 'node:path';
import { createProgramOutHandler, PROGRAM_OUT_SERVICE, programOutNodes, ProgramOutService, RESTREAM_KEYS_SERVICE, RestreamKeys } from '@showflow/program-out';
import { z } from 'zod';
import type { RuntimeModuleFactory } from './module.ts';

const ProgramOutEnvSchema = z.object({
  SHOWFLOW_PROGRAM_MAX_VIEWERS: z.coerce.number().int().min(1).max(10_000).default(200),
  /** Host addresses offered as ICE candidates, comma-separated; shared with live ingest. */
  SHOWFLOW_LIVE_ICE_HOSTS: z.string().default('127.0.0.1'),
  SHOWFLOW_PROGRAM_FFMPEG: z.string().min(1).default('ffmpeg'),
});

export function readProgramOutEnv(source: Record<string, string | undefined>) {
  const parsed = ProgramOutEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`invalid program-out settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const env = parsed.data;
  return {
    maxViewersPerPipeline: env.SHOWFLOW_PROGRAM_MAX_VIEWERS,
    iceHostAddresses: env.SHOWFLOW_LIVE_ICE_HOSTS.split(',').map((s) => s.trim()).filter(Boolean),
    ffmpegPath: env.SHOWFLOW_PROGRAM_FFMPEG,
  };
}

/**
 * The program to audiences: the `showflow.program-out` node (one H.264 + Opus encode per
 * output) and its public routes under `/live/program/<pipelineId>/`: standard WHEP (`whep`)
 * and HLS (`hls/index.m3u8`).
 */
export function createProgramOutModule(source: Record<string, string | undefined> = process.env): RuntimeModuleFactory {
  return {
    name: 'program-out',
    nodes: programOutNodes,
    async open(env, log) {
      const settings = readProgramOutEnv(source);
      const programLog = log.child('program-out');
      const service = new ProgramOutService({
        maxViewersPerPipeline: settings.maxViewersPerPipeline,
        ice: { additionalHostAddresses: settings.iceHostAddresses },
        ffmpegPath: settings.ffmpegPath,
        // Rewritten by every encoder run and removed on close: nothing here outlives the process.
        hlsRoot: path.join(env.dataDir, 'program-out', 'hls'),
        onProblem: (message) => programLog.warn(message),
      });
      return {
        name: 'program-out',
        // Restream keys and SRT passphrases come only from SHOWFLOW_RESTREAM_KEY_<NAME>; documents name them.
        services: { [PROGRAM_OUT_SERVICE]: service, [RESTREAM_KEYS_SERVICE]: new RestreamKeys(source) },
        http: createProgramOutHandler(service),
        close: () => service.close(),
      };
    },
  };
}

export const programOutModule = createProgramOutModule();
