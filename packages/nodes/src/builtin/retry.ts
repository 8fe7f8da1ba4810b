/** How long a source waits before trying a missing file or folder again. */
export const RETRY_MS = 2000;

/**
 * Loads something a source needs (a file, a folder listing) and keeps the last result.
 * A failure is remembered and retried no more often than every RETRY_MS, so a missing
 * file shows one error status instead of a throw on every tick.
 */
export class RetryingLoad<T> {
  value: T | undefined;
  error: string | undefined;
  private lastAttempt = -Infinity;

  constructor(private readonly load: () => Promise<T>) {}

  /** The loaded value, loading (again) when there is none and the retry interval has passed. */
  async get(now: number): Promise<T | undefined> {
    if (this.value !== undefined || now - this.lastAttempt < RETRY_MS) return this.value;
    this.lastAttempt = now;
    try {
      this.value = await this.load();
      this.error = undefined;
    } catch (err) {
      this.error = errorText(err);
    }
    return this.value;
  }
}

/** An error as a status line: its catalogue code first when it has one (SF146, SF147). */
export function errorText(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && /^SF\d{3}$/.test(code) ? `${code} ${message}` : message;
}
