export { createRequestGuard, type GuardOptions, type RequestGuard } from './guard.ts';
export { defaultGuardLimits, type GuardLimits } from './limits.ts';
export { serverTimeouts } from './timeouts.ts';
