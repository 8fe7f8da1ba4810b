import { LiveError } from './errors.ts';

export interface IngestBudgetOptions {
  /** Concurrent sessions that decode video; default unlimited. */
  maxSessions?: number;
  /** Decoded pixels per second summed over sessions (width × height × fps); default unlimited. */
  maxPixelRate?: number;
  /** How far back decoded pictures count towards the rate (default 2000 ms). */
  windowMs?: number;
  /** Seconds a refused sender is told to wait (`Retry-After`, default 5). */
  retryAfterSeconds?: number;
}

export type IngestRefusal = 'sessions' | 'pixel_rate';

/** What operators see: how full the ingest budget is and what it has decided. */
export interface IngestAdmissionStatus {
  sessions: number;
  maxSessions: number;
  /** Decoded pixels per second over the window, summed over sessions. */
  pixelRate: number;
  maxPixelRate: number;
  admitted: number;
  refused: Record<IngestRefusal, number>;
}

/** Decoded pictures of one session inside the window, oldest first, and their pixel sum. */
interface SessionWindow {
  at: number[];
  pixels: number[];
  head: number;
  sum: number;
}

/**
 * The runtime-wide budget for video ingest: how many sessions may decode at once and how many
 * decoded pixels per second they may add up to. A new session is admitted only while both are
 * below their limit, so senders already live keep the CPU they decode with; the rate is
 * measured from the pictures the decoders deliver, not from what senders announce.
 */
export class IngestBudget {
  readonly maxSessions: number;
  readonly maxPixelRate: number;
  readonly retryAfterSeconds: number;
  private readonly windowMs: number;
  private readonly sessions = new Map<string, SessionWindow>();
  private admitted = 0;
  private readonly refused: Record<IngestRefusal, number> = { sessions: 0, pixel_rate: 0 };

  constructor(
    options: IngestBudgetOptions = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.maxSessions = options.maxSessions ?? Infinity;
    this.maxPixelRate = options.maxPixelRate ?? Infinity;
    this.windowMs = options.windowMs ?? 2000;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }

  /**
   * Takes a share for `sessionId`, or throws SF616 (503 with `Retry-After`) and records the
   * refusal. Nothing is kept for a refused session.
   */
  admit(sessionId: string): void {
    const reason = this.refusal();
    if (reason) {
      this.refused[reason]++;
      const why =
        reason === 'sessions'
          ? `${this.sessions.size} of ${this.maxSessions} video ingest sessions are in use`
          : `decoded video is at ${formatRate(this.pixelRate())} of ${formatRate(this.maxPixelRate)}`;
      throw new LiveError(
        'SF616',
        `The runtime is at its live ingest capacity (${why}): try again later or send to another instance`,
        503,
        this.retryAfterSeconds,
      );
    }
    this.admitted++;
    this.sessions.set(sessionId, { at: [], pixels: [], head: 0, sum: 0 });
  }

  /** Frees the session's share; nothing happens for a session that was never admitted. */
  release(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** Counts one decoded picture of an admitted session. */
  recordPicture(sessionId: string, width: number, height: number): void {
    const window = this.sessions.get(sessionId);
    if (!window) return;
    const now = this.now();
    this.prune(window, now);
    window.at.push(now);
    window.pixels.push(width * height);
    window.sum += width * height;
  }

  /** Decoded pixels per second over the last window, all sessions together. */
  pixelRate(): number {
    const now = this.now();
    let sum = 0;
    for (const window of this.sessions.values()) {
      this.prune(window, now);
      sum += window.sum;
    }
    return sum / (this.windowMs / 1000);
  }

  status(): IngestAdmissionStatus {
    return {
      sessions: this.sessions.size,
      maxSessions: this.maxSessions,
      pixelRate: this.pixelRate(),
      maxPixelRate: this.maxPixelRate,
      admitted: this.admitted,
      refused: { ...this.refused },
    };
  }

  private refusal(): IngestRefusal | undefined {
    if (this.sessions.size >= this.maxSessions) return 'sessions';
    if (this.pixelRate() >= this.maxPixelRate) return 'pixel_rate';
    return undefined;
  }

  /** Drops pictures older than the window; compacts now and then so the arrays stay small. */
  private prune(window: SessionWindow, now: number): void {
    const cutoff = now - this.windowMs;
    while (window.head < window.at.length && window.at[window.head] <= cutoff) {
      window.sum -= window.pixels[window.head];
      window.head++;
    }
    if (window.head > 64 && window.head * 2 > window.at.length) {
      window.at = window.at.slice(window.head);
      window.pixels = window.pixels.slice(window.head);
      window.head = 0;
    }
  }
}

function formatRate(pixelsPerSecond: number): string {
  return `${(pixelsPerSecond / 1e6).toFixed(1)} Mpixel/s`;
}
