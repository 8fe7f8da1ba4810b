'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';

/** The pipeline's running scene switchers (buses, names, live inputs) and the cue action. */
export function useScenes(pipelineId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.scenes.list.queryKey({ pipelineId });
  const list = useQuery(trpc.scenes.list.queryOptions({ pipelineId }, { refetchInterval: 500 }));
  const cue = useMutation(
    trpc.scenes.cue.mutationOptions({
      onSuccess: (next) => queryClient.setQueryData(key, (old) => old?.map((s) => (s.nodeId === next.nodeId ? next : s))),
      onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
    }),
  );
  return { switchers: list.data ?? [], cue };
}

export type SceneCueInput = { nodeId: string; action: 'preview' | 'cut' | 'fade' | 'program'; scene?: number };
