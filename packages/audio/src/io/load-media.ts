import type { BaseContext } from '@showflow/nodes/sdk';
import { decodeAudioFile, type DecodedAudio } from './decode.ts';
import { audioSettings, mediaFolder, resolveMediaFile } from './media-path.ts';

/** Resolves the configured file inside the media folder and decodes it once (at setup). */
export async function loadMediaAudio(ctx: BaseContext<unknown>, configured: string): Promise<DecodedAudio> {
  const file = await resolveMediaFile(configured, mediaFolder(ctx.services));
  return decodeAudioFile(file, audioSettings(ctx.services).ffmpegPath, ctx.signal);
}
