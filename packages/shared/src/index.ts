export * from './errors.ts';
export * from './ports.ts';
export * from './document.ts';
export * from './catalog.ts';
export * from './hash.ts';
export * from './validate.ts';
export * from './migrate.ts';
export * from './metrics.ts';
