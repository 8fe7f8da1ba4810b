import path from 'node:path';
import type { RuntimeEnv } from '../env.ts';

/** Where node packages are looked for: `<dataDir>/nodes`, then the folders in SHOWFLOW_NODES_DIR. */
export function nodesDirs(env: Pick<RuntimeEnv, 'dataDir' | 'extraNodesDirs'>): string[] {
  return [...new Set([path.join(env.dataDir, 'nodes'), ...env.extraNodesDirs])];
}
