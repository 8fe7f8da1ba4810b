/** Epoch milliseconds; injected so tests and replays control time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** The UTC calendar day of an instant, `YYYY-MM-DD`: budgets reset at UTC midnight. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
