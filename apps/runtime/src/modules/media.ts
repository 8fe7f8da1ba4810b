import path from 'node:path';
import { MEDIA_DIR_SERVICE } from '@showflow/nodes';
import type { RuntimeModuleFactory } from './module.ts';

/**
 * The one folder file-writing nodes may write under (SHOWFLOW_MEDIA_DIR, default
 * `<dataDir>/media`), given to nodes as a service so a deployed document cannot choose
 * another (docs/decisions/0039).
 */
export const mediaModule: RuntimeModuleFactory = {
  name: 'media',
  nodes: [],
  async open(env) {
    return { name: 'media', services: { [MEDIA_DIR_SERVICE]: env.mediaDir ?? path.join(env.dataDir, 'media') }, async close() {} };
  },
};
