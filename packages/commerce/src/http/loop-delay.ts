/**
 * How late this thread's event loop is running, in ms. When the loop is late, every
 * request in the process is late with it — its bytes sit in socket buffers unparsed —
 * so admission refuses new work early instead of letting clients time out.
 *
 * A 20 ms timer measures its own lateness; the figure decays by 30 % a tick, so one long
 * stall is seen for ~100 ms after it ends and a steady lag is seen in full. The timer
 * is unref'd and only runs while someone asked recently (`touch`).
 */
export class LoopDelay {
  private lateMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private expected = 0;
  private lastAsked = 0;
  private static readonly tickMs = 20;
  /** Stop ticking after this long without a request: an idle shop costs nothing. */
  private static readonly idleMs = 5_000;

  /** The current lateness estimate; starts the monitor if it was idle. */
  get ms(): number {
    this.lastAsked = performance.now();
    if (!this.timer) this.start();
    return this.lateMs;
  }

  private start(): void {
    this.expected = performance.now() + LoopDelay.tickMs;
    this.timer = setInterval(() => {
      const now = performance.now();
      const late = Math.max(0, now - this.expected);
      this.expected = now + LoopDelay.tickMs;
      this.lateMs = Math.max(late, this.lateMs * 0.7);
      if (now - this.lastAsked > LoopDelay.idleMs) this.stop();
    }, LoopDelay.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.lateMs = 0;
  }
}
