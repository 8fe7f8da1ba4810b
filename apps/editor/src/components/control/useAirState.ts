'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';

/**
 * A pipeline's air state as the runtime reports it (polled each second), and the producer's
 * actions on it. Every action answers with the resulting state, which replaces the cache, so
 * the pill shows what the runtime did, not what was clicked.
 */
export function useAirState(pipelineId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.show.air.queryKey({ id: pipelineId });
  const air = useQuery(trpc.show.air.queryOptions({ id: pipelineId }, { refetchInterval: 1_000 }));
  const settle = { onSuccess: (state: NonNullable<typeof air.data>) => queryClient.setQueryData(key, state), onSettled: () => queryClient.invalidateQueries({ queryKey: key }) };
  const onAir = useMutation(trpc.show.onAir.mutationOptions(settle));
  const offAir = useMutation(trpc.show.offAir.mutationOptions(settle));
  const stop = useMutation(trpc.show.stop.mutationOptions(settle));
  const start = useMutation(trpc.show.start.mutationOptions(settle));
  const pending = onAir.isPending || offAir.isPending || stop.isPending || start.isPending;
  const error = onAir.error ?? offAir.error ?? stop.error ?? start.error;
  return { air, onAir, offAir, stop, start, pending, error };
}
