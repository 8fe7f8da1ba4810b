import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NodeServices } from '@showflow/nodes/sdk';
import { audioError } from '../errors.ts';

/** Service name under which the runtime tells audio nodes where media files may be read. */
export const AUDIO_MEDIA_SERVICE = 'audio.media';

export interface AudioMediaService {
  /** Absolute folders files may be read from; a relative path is taken from the first. */
  roots: string[];
}

/** The folders a file node may read: the runtime's, or the working directory in a bare harness. */
export function mediaRoots(services: NodeServices): string[] {
  const service = services.get(AUDIO_MEDIA_SERVICE) as AudioMediaService | undefined;
  return service?.roots?.length ? service.roots : [process.cwd()];
}

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' ? false : !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Resolves a configured file path to a real file inside one of the media folders. Symlinks
 * are followed before the check, so a link cannot lead outside (SF704); a missing file or
 * a folder is SF703.
 */
export async function resolveMediaFile(configured: string, roots: string[]): Promise<string> {
  const candidate = path.resolve(roots[0], configured);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    if (!roots.some((r) => inside(path.resolve(r), candidate))) throw audioError('SF704', `${configured} is outside the media folders`);
    throw audioError('SF703', `${configured}: no such file`);
  }
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => path.resolve(r))));
  if (!realRoots.some((r) => inside(r, real))) throw audioError('SF704', `${configured} is outside the media folders`);
  const info = await stat(real);
  if (!info.isFile()) throw audioError('SF703', `${configured} is not a file`);
  return real;
}
