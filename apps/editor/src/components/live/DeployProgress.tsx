'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';

const LABELS: Record<string, string> = { validate: 'validating', database: 'opening orders database', generation: 'generating variations', start: 'starting nodes' };

/**
 * What a deploy is waiting for, from the runtime, instead of a bare "Deploying…": the step
 * running now and its seconds so far (validate, database, generation, start).
 */
export function DeployProgressLabel({ pipelineId }: { pipelineId: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.show.deployProgress.queryOptions({ id: pipelineId }, { refetchInterval: 250 }));
  const running = data && !data.finished ? data.steps.filter((s) => s.state === 'running') : [];
  if (running.length === 0) return <span data-testid="deploy-progress">Deploying…</span>;
  const done = data!.steps.filter((s) => s.state === 'done' || s.state === 'skipped').length;
  return (
    <span data-testid="deploy-progress" title={running.map((s) => s.detail).join('; ')}>
      Deploying {done + 1}/{data!.steps.length}: {running.map((s) => `${LABELS[s.step] ?? s.step} ${(s.ms / 1000).toFixed(0)} s`).join(' + ')}
    </span>
  );
}
