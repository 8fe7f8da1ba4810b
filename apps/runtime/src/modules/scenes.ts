import { SCENE_REGISTRY_SERVICE, SceneRegistry } from '@showflow/nodes';
import type { RuntimeModuleFactory } from './module.ts';

/**
 * Where running scene switchers (a built-in node) register, so the control room's cues
 * (`scenes.cue`) reach them directly rather than through an event wired in the document.
 */
export const scenesModule: RuntimeModuleFactory = {
  name: 'scenes',
  nodes: [],
  async open() {
    return { name: 'scenes', services: { [SCENE_REGISTRY_SERVICE]: new SceneRegistry() }, async close() {} };
  },
};
