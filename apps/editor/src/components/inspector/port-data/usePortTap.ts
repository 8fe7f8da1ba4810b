'use client';

import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@showflow/runtime/router';
import { useTRPC } from '../../../api/trpc.ts';

export type TapReading = NonNullable<inferRouterOutputs<AppRouter>['ports']['tap']>;
export type TapPort = TapReading['ports'][number];
export type TapSample = TapPort['samples'][number];

/** How often the open inspector reads the tap; the runtime closes it a few seconds after the last read. */
export const TAP_POLL_MS = 500;

/** What the node's ports sent lately, read while the inspector shows the node. */
export function usePortTap(pipelineId: string, nodeId: string): TapReading | null {
  const trpc = useTRPC();
  const { data } = useQuery({
    ...trpc.ports.tap.queryOptions({ pipelineId, nodeId }, { refetchInterval: TAP_POLL_MS }),
    // A failed read (a pipeline not running here) falls back to the readout; no retry storm.
    retry: false,
  });
  return data ?? null;
}
