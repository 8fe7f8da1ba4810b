import { parseRetryAfter } from './retry-policy.ts';

/** A failure the capture or viewer client can explain: HTTP status and the server's reason. */
export class LiveClientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
    /** From the response's Retry-After, when the gateway said how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LiveClientError';
  }
}

/** Reads the gateway's JSON error body (`{code, message}`) or falls back to the raw text. */
export async function errorFromResponse(response: Response, what: string): Promise<LiveClientError> {
  const text = await response.text().catch(() => '');
  let code: string | undefined;
  let reason = text;
  try {
    const body = JSON.parse(text) as { code?: string; message?: string };
    code = body.code;
    reason = body.message ?? text;
  } catch {
    // Not JSON: keep the text as the reason.
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
  return new LiveClientError(`${what} failed with ${response.status}${code ? ` ${code}` : ''}: ${reason}`, response.status, code, retryAfterMs);
}
