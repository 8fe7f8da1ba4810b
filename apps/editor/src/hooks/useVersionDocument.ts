'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.ts';

/** A deployed version's document. Versions never change, so it is fetched once. */
export function useVersionDocument(pipelineId: string, version: number | null | undefined) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.versions.get.queryOptions({ pipelineId, version: version ?? 1 }),
    enabled: typeof version === 'number' && version > 0,
    staleTime: Infinity,
  });
}
