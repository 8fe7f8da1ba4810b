export { sceneSwitcher } from './scene-switcher.ts';
export { SceneBus, parseCue, SCENE_INPUTS, SCENE_ACTIONS, type SceneCue, type SceneAction, type BusState, type Transition } from './bus.ts';
export { SceneRegistry, sceneRegistry, SCENE_REGISTRY_SERVICE, type RegisteredSwitcher } from './registry.ts';
export { crossfade } from './mix.ts';
