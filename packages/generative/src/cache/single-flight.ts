/**
 * Collapses concurrent calls with the same key into one: the first caller runs the work,
 * later callers await the same promise. The entry is removed when the work settles, so a
 * failure reaches every waiter and is never remembered.
 */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  /** Runs `work` unless an identical call is running; `joined` says which happened. */
  run(key: string, work: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const running = this.#inFlight.get(key);
    if (running) return { promise: running, joined: true };
    const promise = (async () => {
      try {
        return await work();
      } finally {
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, promise);
    return { promise, joined: false };
  }

  has(key: string): boolean {
    return this.#inFlight.has(key);
  }

  get size(): number {
    return this.#inFlight.size;
  }
}
