import type { NodeMetrics } from '@showflow/shared';
import { budgetLevel, formatMs, formatRate, type BudgetLevel } from './budget.ts';

/** What a node badge shows, as plain values; equal readouts render identically. */
export interface Readout {
  level: BudgetLevel;
  latency: string;
  fps: string;
  drops: number;
  errors: number;
}

/** The badge's readout of a node's metrics against its budget (the spec's, else the runtime's). */
export function readout(m: NodeMetrics, budgetMs: number | undefined): Readout {
  return {
    level: budgetLevel(m.p95, budgetMs ?? m.budgetMs, m.processed),
    latency: `${formatMs(m.p50)}/${formatMs(m.p95)}`,
    fps: formatRate(m.fps),
    drops: m.drops,
    errors: m.errors,
  };
}

/** Below this zoom a badge's text is unreadable; nodes show only their budget colour. */
export const DETAIL_ZOOM = 0.5;
