import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { MEDIA_DIR_SERVICE } from '@showflow/nodes';
import type { NodeServices } from '@showflow/nodes/sdk';
import { audioError } from '../errors.ts';

/** Service name of the audio layer's settings in the runtime. */
export const AUDIO_SETTINGS_SERVICE = 'audio.settings';

export interface AudioSettings {
  /** The ffmpeg that decodes files (default `ffmpeg` on the PATH). */
  ffmpegPath?: string;
}

export function audioSettings(services: NodeServices): AudioSettings {
  return (services.get(AUDIO_SETTINGS_SERVICE) as AudioSettings | undefined) ?? {};
}

/** The runtime's media folder (SHOWFLOW_MEDIA_DIR), or undefined in a bare harness. */
export function mediaFolder(services: NodeServices): string | undefined {
  const dir = services.get(MEDIA_DIR_SERVICE);
  return typeof dir === 'string' && dir ? dir : undefined;
}

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Resolves a configured file path to a regular file inside the runtime's media folder (a
 * relative path is taken from it), the folder file sinks write under: a deployed document
 * or imported template cannot make the runtime read files from anywhere else. Symlinks are
 * followed before the check, so a link cannot lead outside (SF704); a missing file, a folder
 * or a FIFO is SF703. Without a media folder (a bare harness) the path is used as given.
 */
export async function resolveMediaFile(configured: string, mediaDir: string | undefined): Promise<string> {
  const candidate = path.resolve(mediaDir ?? '.', configured);
  const root = mediaDir ? await realpath(mediaDir).catch(() => path.resolve(mediaDir)) : undefined;
  if (root && !inside(path.resolve(mediaDir!), candidate) && !inside(root, candidate)) throw audioError('SF704', `${configured} is outside the media folder ${mediaDir}`);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw audioError('SF703', `${configured}: no such file`);
  }
  if (root && !inside(root, real)) throw audioError('SF704', `${configured} leads outside the media folder ${mediaDir}`);
  const info = await stat(real);
  if (!info.isFile()) throw audioError('SF703', `${configured} is not a regular file`);
  return real;
}
