export * from './values.ts';
export * from './context.ts';
export * from './define-node.ts';
export * from './spec.ts';
export * from './catalog.ts';
