import path from 'node:path';
import { ShowflowError } from '@showflow/shared';
import type { NodeServices } from '../sdk/index.ts';

/** The service name under which the runtime gives nodes its media folder (SHOWFLOW_MEDIA_DIR). */
export const MEDIA_DIR_SERVICE = 'files.mediaDir';

/** The runtime's media folder, or undefined outside a runtime (a bare test harness). */
export function mediaDirOf(services: NodeServices): string | undefined {
  const dir = services.get(MEDIA_DIR_SERVICE);
  return typeof dir === 'string' && dir ? dir : undefined;
}

/**
 * Where a file sink writes: `dir` is read relative to the media folder, and must stay inside
 * it, so a deployed document (or an imported template) cannot write into any other folder.
 * Without a media folder (harness), `dir` is used as given.
 */
export function sinkFolder(dir: string, mediaDir: string | undefined): string {
  if (!mediaDir) return dir;
  const root = path.resolve(mediaDir);
  const target = path.resolve(root, dir);
  const inside = path.relative(root, target);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new ShowflowError('SF145', `folder ${JSON.stringify(dir)} is outside the media folder ${root}; give a folder inside it`);
  }
  return target;
}
