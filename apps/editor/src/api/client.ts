import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { MAX_TRPC_BATCH } from '@showflow/shared';
import type { AppRouter } from '@showflow/runtime/router';

export type RuntimeClient = ReturnType<typeof createRuntimeClient>;

/**
 * Queries and mutations batch over HTTP; subscriptions (live metrics) stream over SSE.
 * Both go to `/trpc` on the editor's own origin, which forwards to the runtime, so the
 * browser sends the session cookie with every call (docs/decisions/0042).
 */
export function createRuntimeClient(apiBase = '') {
  const url = `${apiBase}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url }),
        false: httpBatchLink({ url, maxItems: MAX_TRPC_BATCH }),
      }),
    ],
  });
}
