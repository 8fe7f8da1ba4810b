'use client';

import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { NodeSpec } from '@showflow/shared';
import { useTRPC } from '../api/trpc.ts';
import { checkConfig, type ConfigIssue } from '../state/config-validator.ts';

const SETTLE_MS = 250;

/**
 * Issues with a node's config. The published JSON Schema answers at once while typing;
 * once the value settles the runtime's own `catalog.checkConfig` has the last word, since
 * it also knows what a JSON Schema cannot say (zod refinements, regex flags).
 */
export function useConfigIssues(spec: NodeSpec | undefined, config: Record<string, unknown>): readonly ConfigIssue[] {
  const trpc = useTRPC();
  const local = useMemo(() => (spec ? checkConfig(spec, config) : []), [spec, config]);
  const [settled, setSettled] = useState(config);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(config), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [config]);
  const remote = useQuery({
    ...trpc.catalog.checkConfig.queryOptions({ type: spec?.type ?? '', typeVersion: spec?.typeVersion ?? 1, config: settled }),
    enabled: !!spec,
    staleTime: Infinity,
  });
  return settled === config && remote.data && !remote.isPlaceholderData ? remote.data.issues : local;
}
