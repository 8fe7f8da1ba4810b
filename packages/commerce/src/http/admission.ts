import { CommerceError } from '../errors.ts';

export interface AdmissionOptions {
  /** Requests running at once. */
  concurrency: number;
  /** Requests waiting at most. */
  maxQueued: number;
  /** Queueing delay budget (ms): see `Admission`. Default: unbounded. */
  maxWaitMs?: number;
  /** Event-loop lateness (ms) above which new work is refused while some is in flight. Default: never. */
  maxLoopDelayMs?: number;
  /** This thread's event-loop lateness now, in ms (see LoopDelay). */
  loopDelayMs?: () => number;
  /** Service time assumed until the first request finishes. */
  initialServiceMs?: number;
  /** Monotonic ms; injectable so tests move time instead of waiting. */
  now?: () => number;
}

interface Waiter {
  start: () => void;
  refuse: (error: CommerceError) => void;
  signal: AbortSignal;
  since: number;
}

/**
 * A bounded queue in front of new reservations, which decides from queueing delay rather
 * than only from its length (as CoDel does for packets), so it refuses early whatever the
 * store's speed today. At most `concurrency` run at once. A newcomer is refused at once
 * with SF421 (429) and a Retry-After when:
 * - the queue is full;
 * - its expected wait (place in the queue × recent service time) is over `maxWaitMs`;
 * - the oldest waiter has already waited longer than `maxWaitMs` (the estimate is wrong:
 *   the queue is standing, not draining);
 * - the event loop runs later than `maxLoopDelayMs` while shop work is in flight (requests
 *   are then stuck unparsed in socket buffers, a queue this class cannot see).
 * A waiter whose turn comes after twice `maxWaitMs` is refused instead of started: its
 * client is near its timeout, and the slot serves someone fresher. The check runs before the
 * body is read and before any database work (`refuseIfBusy`). A request whose client hung
 * up while waiting is never started. Confirms and cancels do not pass through here: they keep
 * priority (and the settle lane in the store).
 */
export class Admission {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /** Smoothed milliseconds one admitted request takes, its own wait for the store included. */
  private serviceMs: number;
  /** Requests skipped because their client had gone before their turn. */
  abandoned = 0;
  /** Requests refused with 429 (queue full, over the delay budget, loop late, or stale at their turn). */
  shed = 0;

  private readonly now: () => number;

  constructor(readonly options: AdmissionOptions) {
    this.serviceMs = options.initialServiceMs ?? 20;
    this.now = options.now ?? (() => performance.now());
  }

  /** How long a request joining the queue now would wait, from the recent service time. */
  expectedWaitMs(): number {
    return ((this.waiting.length + 1) / this.options.concurrency) * this.serviceMs;
  }

  /** How long the oldest waiter has waited so far (0 when nobody waits). */
  oldestWaitMs(now = this.now()): number {
    return this.waiting.length ? now - this.waiting[0].since : 0;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get running(): number {
    return this.active;
  }

  /** Throws the 429 a newcomer would get now; cheap, so the handler calls it before reading the body. */
  refuseIfBusy(): void {
    const reason = this.overload();
    if (reason) throw this.busy(reason);
  }

  async run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    if (signal.aborted) throw this.gone();
    this.refuseIfBusy();
    if (this.active >= this.options.concurrency) {
      await new Promise<void>((start, refuse) => {
        const entry: Waiter = { start, refuse, signal, since: this.now() };
        this.waiting.push(entry);
        // A caller that leaves gives its place up at once, making room for one who stayed.
        signal.addEventListener(
          'abort',
          () => {
            const at = this.waiting.indexOf(entry);
            if (at < 0) return;
            this.waiting.splice(at, 1);
            this.abandoned++;
            refuse(this.gone());
          },
          { once: true },
        );
      });
    } else {
      this.active++;
    }
    const started = this.now();
    try {
      return await work();
    } finally {
      this.serviceMs = this.serviceMs * 0.9 + (this.now() - started) * 0.1;
      this.release();
    }
  }

  /** Why a newcomer would be refused now, or null when it may run or wait. */
  private overload(): string | null {
    const { concurrency, maxQueued, maxWaitMs = Infinity, maxLoopDelayMs = Infinity, loopDelayMs } = this.options;
    if (this.active > 0 && loopDelayMs && loopDelayMs() > maxLoopDelayMs) return 'the server is running late';
    if (this.active < concurrency) return null;
    if (this.waiting.length >= maxQueued) return 'the queue is full';
    if (this.expectedWaitMs() > maxWaitMs || this.oldestWaitMs() > maxWaitMs) return 'the queue is over its waiting time';
    return null;
  }

  private release(): void {
    const staleAfter = 2 * (this.options.maxWaitMs ?? Infinity);
    const now = this.now();
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      if (now - next.since <= staleAfter) {
        next.start();
        return;
      }
      next.refuse(this.busy('it waited too long'));
    }
    this.active--;
  }

  private busy(reason: string): CommerceError {
    this.shed++;
    const error = new CommerceError('SF421', `the shop is busy (${reason}); try again in a moment with the same Idempotency-Key`, []);
    error.retryAfterSeconds = Math.max(1, Math.ceil(this.expectedWaitMs() / 1000));
    return error;
  }

  private gone(): CommerceError {
    return new CommerceError('SF425', 'the client disconnected before its turn; nothing was done', []);
  }
}
