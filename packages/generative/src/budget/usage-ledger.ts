import { labelKey } from '../request.ts';
import type { BudgetLabel } from '../types.ts';

/** Counters for one budget label, for metrics and the producer's readout. */
export interface LabelUsage {
  label: BudgetLabel;
  /** Calls that reached the provider. */
  providerCalls: number;
  /** Calls served from the cache or by joining an identical call in flight. */
  cacheHits: number;
  /** Calls refused before the provider by rate limit or budget. */
  refusals: number;
  /** Provider calls that failed (not billed). */
  failures: number;
  spendCents: number;
}

export class UsageLedger {
  readonly #rows = new Map<string, LabelUsage>();

  row(label: BudgetLabel): LabelUsage {
    const key = labelKey(label);
    let row = this.#rows.get(key);
    if (!row) {
      row = { label: { creator: label.creator, show: label.show, purpose: label.purpose }, providerCalls: 0, cacheHits: 0, refusals: 0, failures: 0, spendCents: 0 };
      this.#rows.set(key, row);
    }
    return row;
  }

  /** Copies of the rows, optionally only those matching every given field. */
  query(filter: Partial<BudgetLabel> = {}): LabelUsage[] {
    const out: LabelUsage[] = [];
    for (const row of this.#rows.values()) {
      if (filter.creator !== undefined && row.label.creator !== filter.creator) continue;
      if (filter.show !== undefined && row.label.show !== filter.show) continue;
      if (filter.purpose !== undefined && row.label.purpose !== filter.purpose) continue;
      out.push({ ...row, label: { ...row.label } });
    }
    return out;
  }
}
