export * from './sdk/index.ts';
export { builtinNodes, createBuiltinCatalog } from './builtin/index.ts';
