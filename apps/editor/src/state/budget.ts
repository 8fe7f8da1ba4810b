/** How a latency reads against its node's time budget; drives the badge colour. */
export type BudgetLevel = 'idle' | 'ok' | 'warn' | 'over';

/** Green up to 75 % of the budget, amber up to the budget, red beyond it. */
export function budgetLevel(p95: number | undefined, budgetMs: number, processed = 1): BudgetLevel {
  if (p95 === undefined || processed === 0) return 'idle';
  if (p95 > budgetMs) return 'over';
  if (p95 > budgetMs * 0.75) return 'warn';
  return 'ok';
}

export function formatMs(ms: number): string {
  if (ms >= 100) return `${Math.round(ms)}`;
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? `${Math.round(perSecond)}` : perSecond.toFixed(1);
}
