'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRuntimeClient } from './client.ts';
import { onApiError } from './session.ts';
import { TRPCProvider } from './trpc.ts';

const RuntimeUrlContext = createContext<string>('');

/** The runtime's base URL, for plain links such as preview images and downloads. */
export function useRuntimeUrl(): string {
  return useContext(RuntimeUrlContext);
}

export function RuntimeProvider({ runtimeUrl, children }: { runtimeUrl: string; children: ReactNode }) {
  const [queryClient] = useState(() => {
    const client: QueryClient = new QueryClient({
      defaultOptions: { queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: false } },
      queryCache: new QueryCache({ onError: (error) => onApiError(client, error) }),
      mutationCache: new MutationCache({ onError: (error) => onApiError(client, error) }),
    });
    return client;
  });
  // The API goes through the editor's origin (its /trpc proxy); plain public links still use the runtime URL.
  const [trpcClient] = useState(() => createRuntimeClient());
  return (
    <RuntimeUrlContext.Provider value={runtimeUrl}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </RuntimeUrlContext.Provider>
  );
}
