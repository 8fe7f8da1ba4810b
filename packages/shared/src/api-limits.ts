/**
 * Most procedures one tRPC batch may carry. The runtime refuses larger batches (SF323) and
 * the editor's client splits its batches below it: both read this one number.
 */
export const MAX_TRPC_BATCH = 64;
