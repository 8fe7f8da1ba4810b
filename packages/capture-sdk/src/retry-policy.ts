/**
 * When and how soon the capture SDK tries again after its session died: a pure schedule
 * and classification, so the reconnect loop (`reconnect.ts`) stays a thin driver.
 */

export interface BackoffOptions {
  /** Wait before the first retry (default 500 ms); each further retry doubles it. */
  initialMs?: number;
  /** Longest wait between retries (default 5000 ms). */
  maxMs?: number;
  /** ± fraction of randomness (default 0.2), so many senders cut off at once do not return in step. */
  jitter?: number;
}

/** Wait before retry number `attempt` (0 = first retry). `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 5000;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(max, initial * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(base * (1 + jitter * (2 * random() - 1)));
}

/** The longest Retry-After the sender honours; a larger value is treated as this. */
export const MAX_RETRY_AFTER_MS = 60_000;

export type RetryVerdict =
  | { retry: true; /** At least this long before the next try (Retry-After), when the server said. */ notBeforeMs?: number }
  | { retry: false };

/**
 * Whether a failed connect may heal by retrying. Network failures (no HTTP status), 408,
 * 409 (the stream is still held by the dead session), 429 and 5xx are retried; other 4xx
 * (401/403 bad or revoked token, 404 unknown stream, 400/413/415 offers the gateway will
 * never take) are not.
 */
export function classifyFailure(error: unknown): RetryVerdict {
  const { status, retryAfterMs } = (error ?? {}) as { status?: number; retryAfterMs?: number };
  if (status !== undefined && status >= 400 && status < 500 && ![408, 409, 429].includes(status)) return { retry: false };
  return retryAfterMs !== undefined ? { retry: true, notBeforeMs: Math.min(retryAfterMs, MAX_RETRY_AFTER_MS) } : { retry: true };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** "code: message" for stats and callbacks; the code is the gateway's (SF602…), else the HTTP status, else `network`. */
export function describeFailure(error: unknown): { code: string; status?: number; message: string } {
  const { status, code, message } = (error ?? {}) as { status?: number; code?: string; message?: string };
  return { code: code ?? (status ? `HTTP ${status}` : 'network'), ...(status ? { status } : {}), message: message ?? String(error) };
}

export interface DeadPeerOptions {
  /** WebRTC `connectionState` 'failed' or 'disconnected' this long means the peer is gone (default 2000 ms). */
  badStateMs?: number;
  /** Frames sent with no acknowledgement for this long means the peer is gone (default 3000 ms). */
  ackTimeoutMs?: number;
}

/**
 * Notices a session that is dead without its channel saying so (a killed runtime leaves a
 * data channel "open" until ICE gives up, tens of seconds later). The acknowledgement check
 * only arms after the first acknowledgement, so a gateway that never answers is not dropped.
 */
export class DeadPeerDetector {
  private readonly badStateMs: number;
  private readonly ackTimeoutMs: number;
  private badSince: number | undefined;
  private acking = false;
  private unackedSince: number | undefined;

  constructor(options: DeadPeerOptions = {}) {
    this.badStateMs = options.badStateMs ?? 2000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 3000;
  }

  sent(now: number): void {
    this.unackedSince ??= now;
  }

  acknowledged(): void {
    this.acking = true;
    this.unackedSince = undefined;
  }

  /** Why the session should be given up at `now`, or undefined while it looks alive. */
  check(now: number, peerState?: string): string | undefined {
    if (peerState === 'failed' || peerState === 'disconnected') {
      this.badSince ??= now;
      if (now - this.badSince >= this.badStateMs) return `WebRTC connection ${peerState} for ${Math.round(now - this.badSince)} ms`;
    } else {
      this.badSince = undefined;
    }
    if (this.acking && this.unackedSince !== undefined && now - this.unackedSince >= this.ackTimeoutMs) {
      return `no frame acknowledgement for ${Math.round(now - this.unackedSince)} ms`;
    }
    return undefined;
  }
}
