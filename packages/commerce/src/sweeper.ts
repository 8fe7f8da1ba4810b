/**
 * Calls `sweep` every `intervalMs` until stopped, never two at once. A failed sweep is
 * reported and the next tick tries again; the timer does not keep the process alive.
 */
export function startPeriodic(sweep: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweep()
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
