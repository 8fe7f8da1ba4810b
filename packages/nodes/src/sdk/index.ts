export * from './values.ts';
export * from './context.ts';
export * from './run-context.ts';
export * from './define-node.ts';
export * from './spec.ts';
export * from './catalog.ts';
// The zod the SDK validates configs with: a node package declares its config schema with
// this `z`, so it never has to install (or match the version of) zod itself.
export { z } from 'zod';
