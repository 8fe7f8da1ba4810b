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

/**
 * The badge's text as one string, so a store selector can return a primitive and React
 * skips the badge when an update does not change a visible digit.
 */
export function readoutKey(m: NodeMetrics | undefined, budgetMs: number | undefined): string {
  if (!m) return '';
  const level = budgetLevel(m.p95, budgetMs ?? m.budgetMs, m.processed);
  return [level, `${formatMs(m.p50)}/${formatMs(m.p95)}`, formatRate(m.fps), m.drops, m.errors].join('|');
}

export function parseReadout(key: string): Readout | null {
  if (!key) return null;
  const [level, latency, fps, drops, errors] = key.split('|');
  return { level: level as BudgetLevel, latency, fps, drops: Number(drops), errors: Number(errors) };
}

/** Below this zoom a badge's text is unreadable; nodes show only their budget colour. */
export const DETAIL_ZOOM = 0.5;
