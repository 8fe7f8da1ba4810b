'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRuntimeClient } from './client.ts';
import { TRPCProvider } from './trpc.ts';

const RuntimeUrlContext = createContext<string>('');

/** The runtime's base URL, for plain links such as preview images and downloads. */
export function useRuntimeUrl(): string {
  return useContext(RuntimeUrlContext);
}

export function RuntimeProvider({ runtimeUrl, children }: { runtimeUrl: string; children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: false } } }),
  );
  const [trpcClient] = useState(() => createRuntimeClient(runtimeUrl));
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
