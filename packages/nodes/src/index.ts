export * from './sdk/index.ts';
export { builtinNodes, createBuiltinCatalog } from './builtin/index.ts';
export { MEDIA_DIR_SERVICE } from './builtin/media-folder.ts';
export { SceneRegistry, SCENE_REGISTRY_SERVICE, SCENE_INPUTS, type SceneCue, type BusState, type RegisteredSwitcher } from './builtin/scene-switcher/index.ts';
