import type { BaseContext } from '@showflow/nodes/sdk';
import { decodeAudioFile, type DecodedAudio } from './decode.ts';
import { mediaRoots, resolveMediaFile } from './media-path.ts';

/** Resolves the configured file inside the media folders and decodes it once (at setup). */
export async function loadMediaAudio(ctx: BaseContext<unknown>, configured: string): Promise<DecodedAudio> {
  const file = await resolveMediaFile(configured, mediaRoots(ctx.services));
  return decodeAudioFile(file, undefined, ctx.signal);
}
