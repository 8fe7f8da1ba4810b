import type { GenerativeService } from '../service/generative-service.ts';
import type { PrecomputeOutcome } from '../service/results.ts';
import type { FallbackPolicy } from './config.ts';

export interface ActiveChoice {
  /** True when the policy is to show no overlay until someone picks a variation. */
  hidden: boolean;
  /** Why the configured variation is not the one shown; undefined when it is. */
  warning: string | undefined;
}

/**
 * After precompute: shows the configured variation, or applies the fallback policy when
 * it could not be made. 'last' keeps the node's current asset (from before a redeploy,
 * else the first variation made), 'first-variation' picks the first made, 'none' hides.
 */
export function applyActive(service: GenerativeService, nodeKey: string, active: number, policy: FallbackPolicy, outcomes: PrecomputeOutcome[]): ActiveChoice {
  const wanted = outcomes[active];
  if (wanted?.ok) {
    service.select(nodeKey, active);
    return { hidden: false, warning: undefined };
  }
  const why = wanted ? `variation ${active + 1} unavailable: ${wanted.code}` : `variation ${active + 1} does not exist (${outcomes.length} configured)`;
  if (policy === 'none') return { hidden: true, warning: `${why}; showing no overlay` };
  const first = outcomes.find((o) => o.ok);
  if (policy === 'first-variation' && first) {
    service.select(nodeKey, first.index);
    return { hidden: false, warning: `${why}; showing variation ${first.index + 1}` };
  }
  if (service.peek(nodeKey)) return { hidden: false, warning: `${why}; showing the last image` };
  return { hidden: false, warning: `${why}; no image to show` };
}
