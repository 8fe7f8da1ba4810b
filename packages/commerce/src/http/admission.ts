import { CommerceError } from '../errors.ts';

/**
 * A bounded queue in front of new reservations. At most `concurrency` run at once; a
 * request waits only while the expected wait (its place in the queue × the recent service
 * time) stays under `maxWaitMs` and the queue under `maxQueued`. Beyond that it is refused
 * at once with SF421 (429) and a Retry-After, so a storm gets quick answers instead of
 * timeouts, whatever the store's speed today. A request whose client hung up while waiting is never started. Confirms and
 * cancels do not pass through here: they keep priority (and the settle lane in the store).
 */
export class Admission {
  private active = 0;
  private readonly waiting: { start: () => void; signal: AbortSignal }[] = [];
  /** Smoothed milliseconds one admitted request takes. */
  private serviceMs: number;
  /** Requests skipped because their client had gone before their turn. */
  abandoned = 0;
  /** Requests refused because the queue was full. */
  shed = 0;

  constructor(readonly options: { concurrency: number; maxQueued: number; maxWaitMs?: number; initialServiceMs?: number }) {
    this.serviceMs = options.initialServiceMs ?? 20;
  }

  /** How long a request joining the queue now would wait, from the recent service time. */
  expectedWaitMs(): number {
    return ((this.waiting.length + 1) / this.options.concurrency) * this.serviceMs;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw this.gone();
    if (this.active >= this.options.concurrency) {
      if (this.waiting.length >= this.options.maxQueued || this.expectedWaitMs() > (this.options.maxWaitMs ?? Number.POSITIVE_INFINITY)) {
        this.shed++;
        const error = new CommerceError('SF421', 'the shop is busy; try again in a moment with the same Idempotency-Key', []);
        error.retryAfterSeconds = Math.max(1, Math.ceil(this.expectedWaitMs() / 1000));
        throw error;
      }
      await new Promise<void>((start, reject) => {
        const entry = { start, signal };
        this.waiting.push(entry);
        // A caller that leaves gives its place up at once, making room for one who stayed.
        signal.addEventListener(
          'abort',
          () => {
            const at = this.waiting.indexOf(entry);
            if (at < 0) return;
            this.waiting.splice(at, 1);
            this.abandoned++;
            reject(this.gone());
          },
          { once: true },
        );
      });
    } else {
      this.active++;
    }
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.serviceMs = this.serviceMs * 0.9 + (performance.now() - started) * 0.1;
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.active--;
  }

  private gone(): CommerceError {
    return new CommerceError('SF425', 'the client disconnected before its turn; nothing was done', []);
  }
}
