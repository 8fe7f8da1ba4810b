import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '@showflow/runtime/router';

export type RuntimeClient = ReturnType<typeof createRuntimeClient>;

/** Queries and mutations batch over HTTP; subscriptions (live metrics) stream over SSE. */
export function createRuntimeClient(runtimeUrl: string) {
  const url = `${runtimeUrl}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url }),
        false: httpBatchLink({ url }),
      }),
    ],
  });
}
