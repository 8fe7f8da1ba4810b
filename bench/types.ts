/** One benchmark's result, as `npm run bench` prints it and writes it to docs/benchmarks.md. */
export interface BenchResult {
  title: string;
  /** What was measured and against which baseline, one or two sentences. */
  method: string;
  rows: { metric: string; value: number | string; unit?: string }[];
  goal: string;
  met: boolean;
  notes?: string;
  /** Set by the runner: share of the machine's CPU time the host gave to other tenants meanwhile. */
  hostStealPercent?: number;
}

export type Bench = () => Promise<BenchResult>;
