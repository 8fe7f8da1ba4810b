import { MAX_TRPC_BATCH } from '@showflow/shared';

/** Request limits of the runtime's HTTP edge; sized for documents and signaling, not media uploads. */
export interface GuardLimits {
  /** Largest tRPC request body (a pipeline document with 10,000 nodes is about 2 MB). */
  trpcBodyBytes: number;
  /** Largest body on any other route (commerce JSON, WHIP/WHEP SDP). */
  otherBodyBytes: number;
  /** Most procedures in one tRPC batch; the editor batches a page's queries, far fewer. */
  trpcBatchSize: number;
  /** Time to receive a request's headers, and the whole request. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export const defaultGuardLimits: GuardLimits = {
  trpcBodyBytes: 8 * 1024 * 1024,
  otherBodyBytes: 1024 * 1024,
  trpcBatchSize: MAX_TRPC_BATCH,
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 60_000,
};
