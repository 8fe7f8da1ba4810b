/** How isolated nodes are bounded and restarted. Defaults suit a live show on a laptop. */
export interface IsolationLimits {
  /**
   * Starting a worker and loading the package module (TypeScript compiled on load) may take
   * this long before the node fails with SF210; it is the runtime's cost, so it is generous.
   */
  loadTimeoutMs: number;
  /** The node's own `setup` failing to settle within this fails the node with SF210. */
  setupTimeoutMs: number;
  /** A run is stopped (SF211) after max(budgetMs × watchdogFactor, watchdogMinMs). */
  watchdogFactor: number;
  watchdogMinMs: number;
  /** V8 heap caps of each worker; exceeding them ends the worker with SF214. */
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  /** First restart delay; doubled per consecutive crash up to `maxBackoffMs`. */
  restartBackoffMs: number;
  maxBackoffMs: number;
  /** A crash this soon after the node became ready counts as a crash at start. */
  startWindowMs: number;
  /** Consecutive crashes at start after which the node is no longer restarted (SF215). */
  maxStartCrashes: number;
  /** How long a worker may take to dispose before it is terminated. */
  disposeTimeoutMs: number;
}

export const defaultIsolationLimits: IsolationLimits = {
  loadTimeoutMs: 60_000,
  setupTimeoutMs: 10_000,
  watchdogFactor: 10,
  watchdogMinMs: 1_000,
  maxOldGenerationSizeMb: 256,
  maxYoungGenerationSizeMb: 32,
  restartBackoffMs: 250,
  maxBackoffMs: 10_000,
  startWindowMs: 5_000,
  maxStartCrashes: 3,
  disposeTimeoutMs: 2_000,
};

export function watchdogMs(limits: IsolationLimits, budgetMs: number): number {
  return Math.max(budgetMs * limits.watchdogFactor, limits.watchdogMinMs);
}
