import { AUDIO_SETTINGS_SERVICE, audioNodes, type AudioSettings } from '@showflow/audio';
import { z } from 'zod';
import type { RuntimeModuleFactory } from './module.ts';

const AudioEnvSchema = z.object({
  SHOWFLOW_AUDIO_FFMPEG: z.string().min(1).default('ffmpeg'),
});

/** The audio layer's settings (SHOWFLOW_AUDIO_*), validated. */
export function readAudioEnv(source: Record<string, string | undefined>): AudioSettings {
  const parsed = AudioEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`invalid audio settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ffmpegPath: parsed.data.SHOWFLOW_AUDIO_FFMPEG };
}

/**
 * Sound through the graph: the audio node types (file and effect sources, gain, noise
 * suppression, loudness, mixer, meter). Their files come from the media module's folder.
 */
export function createAudioModule(source: Record<string, string | undefined> = process.env): RuntimeModuleFactory {
  return {
    name: 'audio',
    nodes: audioNodes,
    async open() {
      return { name: 'audio', services: { [AUDIO_SETTINGS_SERVICE]: readAudioEnv(source) }, close: async () => undefined };
    },
  };
}

export const audioModule = createAudioModule();
