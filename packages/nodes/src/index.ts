export * from './sdk/index.ts';
export { builtinNodes, createBuiltinCatalog } from './builtin/index.ts';
export { MEDIA_DIR_SERVICE } from './builtin/media-folder.ts';
