import { setTimeout as sleep } from 'node:timers/promises';
import { GenerativeError } from '../errors.ts';
import { safeUrl } from '../env.ts';
import type { Secret } from '../secret.ts';

/** How HTTP providers talk: one policy for timeouts, retries and body limits. */
export interface HttpPolicy {
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  /** Extra attempts after 429 or 5xx or a dropped connection. */
  maxRetries: number;
  /** First backoff after a 5xx; doubles each retry, capped at 8× and by the deadline. */
  backoffMs: number;
  /** Largest body accepted from a provider. */
  maxBodyBytes: number;
  apiKey?: Secret;
}

export const defaultHttpPolicy: Omit<HttpPolicy, 'timeoutMs'> = { maxRetries: 2, backoffMs: 250, maxBodyBytes: 32 * 1024 * 1024 };

/** A provider's policy: the defaults, its own timeout, and whatever the options override. */
export function httpPolicy(
  options: { timeoutMs?: number; maxRetries?: number; backoffMs?: number; apiKey?: Secret },
  defaultTimeoutMs: number,
): HttpPolicy {
  return {
    ...defaultHttpPolicy,
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
    ...(options.backoffMs !== undefined && { backoffMs: options.backoffMs }),
    apiKey: options.apiKey,
  };
}


export interface CallContext {
  signal: AbortSignal;
  /** Epoch ms; no attempt or wait starts past it. */
  deadline?: number;
  provider: string;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * One HTTP exchange with retries: 429 waits for Retry-After, 5xx and dropped connections
 * back off, and nothing waits past the caller's deadline or signal. Errors name the
 * provider, method, URL without query, and status, never headers or credentials.
 */
export async function httpExchange(
  url: string,
  init: { method: 'GET' | 'POST'; json?: unknown; accept?: string; headers?: Record<string, string> },
  policy: HttpPolicy,
  ctx: CallContext,
): Promise<HttpAnswer> {
  const where = `${ctx.provider} ${init.method} ${safeUrl(url)}`;
  for (let attempt = 0; ; attempt++) {
    const remaining = ctx.deadline === undefined ? Infinity : ctx.deadline - Date.now();
    if (ctx.signal.aborted || remaining <= 0) throw timeoutError(where, ctx);
    const attemptTimeout = Math.min(policy.timeoutMs, remaining);
    let answer: HttpAnswer;
    try {
      answer = await attemptOnce(url, init, policy, AbortSignal.any([ctx.signal, AbortSignal.timeout(attemptTimeout)]));
    } catch (error) {
      if (error instanceof GenerativeError) throw error;
      if (ctx.signal.aborted || isTimeout(error)) throw timeoutError(where, ctx, attemptTimeout);
      // A refused or reset connection is as transient as a 5xx.
      if (attempt >= policy.maxRetries) throw new GenerativeError('SF503', `${where} failed: ${networkReason(error)}`);
      await wait(backoff(policy, attempt), ctx, where);
      continue;
    }
    if (answer.status < 400) return answer;
    const retryable = answer.status === 429 || answer.status >= 500;
    if (!retryable) throw statusError(answer, where, policy);
    const delay = answer.status === 429 ? retryAfterMs(answer.headers, policy.backoffMs) : backoff(policy, attempt);
    const fitsDeadline = ctx.deadline === undefined || Date.now() + delay < ctx.deadline;
    if (attempt >= policy.maxRetries || !fitsDeadline) throw statusError(answer, where, policy, delay);
    await wait(delay, ctx, where);
  }
}

async function attemptOnce(url: string, init: { method: string; json?: unknown; accept?: string; headers?: Record<string, string> }, policy: HttpPolicy, signal: AbortSignal): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/json', ...init.headers };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (policy.apiKey) headers.authorization = `Bearer ${policy.apiKey.reveal()}`;
  const response = await fetch(url, {
    method: init.method,
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    signal,
    redirect: 'follow',
  });
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > policy.maxBodyBytes) {
    await response.body?.cancel();
    throw new GenerativeError('SF505', `${safeUrl(url)} answered with ${declared} bytes, over the ${policy.maxBodyBytes} byte limit`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > policy.maxBodyBytes) throw new GenerativeError('SF505', `${safeUrl(url)} answered with more than ${policy.maxBodyBytes} bytes`);
  return { status: response.status, headers: response.headers, body };
}

/** Parses a JSON body; anything else is a malformed answer with a stable code. */
export function parseJsonBody(answer: HttpAnswer, where: string): unknown {
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    throw new GenerativeError('SF505', `${where} answered ${answer.status} with a body that is not JSON`, { status: answer.status });
  }
}

/** Retry-After in seconds or as an HTTP date; falls back to the backoff when absent or odd. */
export function retryAfterMs(headers: Headers, fallbackMs: number, now = Date.now()): number {
  const value = headers.get('retry-after');
  if (!value) return fallbackMs;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - now);
}

function backoff(policy: HttpPolicy, attempt: number): number {
  return policy.backoffMs * Math.min(8, 2 ** attempt);
}

async function wait(ms: number, ctx: CallContext, where: string): Promise<void> {
  if (ctx.deadline !== undefined && Date.now() + ms >= ctx.deadline) throw timeoutError(where, ctx);
  try {
    await sleep(ms, undefined, { signal: ctx.signal });
  } catch {
    throw timeoutError(where, ctx);
  }
}

function statusError(answer: HttpAnswer, where: string, policy: HttpPolicy, retryAfter?: number): GenerativeError {
  const detail = policy.apiKey ? policy.apiKey.scrub(providerMessage(answer)) : providerMessage(answer);
  if (answer.status === 429) {
    return new GenerativeError('SF508', `${where} answered 429 too many requests${detail}`, { status: 429, retryAfterMs: retryAfter });
  }
  return new GenerativeError('SF503', `${where} answered ${answer.status}${detail}`, { status: answer.status });
}

/** The provider's own error message, trimmed: useful to an operator, bounded in size. */
function providerMessage(answer: HttpAnswer): string {
  let text = answer.body.toString('utf8', 0, Math.min(answer.body.length, 2000));
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof message === 'string') text = message;
  } catch {
    // not JSON: keep the raw text
  }
  text = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return text ? `: ${text}` : '';
}

function timeoutError(where: string, ctx: CallContext, attemptTimeoutMs?: number): GenerativeError {
  const why = ctx.signal.aborted ? 'was cancelled by the caller' : attemptTimeoutMs !== undefined ? `took longer than ${attemptTimeoutMs} ms` : 'ran out of time before its deadline';
  return new GenerativeError('SF504', `${where} ${why}`);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : 'unknown';
  return String(cause).slice(0, 100);
}

/**
 * Fetches an image a provider pointed to by URL. The API key goes only to the provider's
 * own origin: hosted providers answer with pre-signed storage URLs on other hosts.
 */
export async function fetchImageUrl(url: string, policy: HttpPolicy, ctx: CallContext, providerOrigin: string): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GenerativeError('SF505', `${ctx.provider} returned an image URL that is not a URL`);
  }
  if (parsed.protocol === 'data:') {
    const comma = url.indexOf(',');
    return Buffer.from(url.slice(comma + 1), url.slice(0, comma).endsWith(';base64') ? 'base64' : 'utf8');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new GenerativeError('SF505', `${ctx.provider} returned an image URL with unsupported scheme ${parsed.protocol}`);
  }
  const answer = await httpExchange(url, { method: 'GET', accept: 'image/*' }, { ...policy, apiKey: parsed.origin === providerOrigin ? policy.apiKey : undefined }, ctx);
  return answer.body;
}

export function decodeBase64(text: string, where: string): Buffer {
  // Buffer.from silently skips junk, so check the alphabet first.
  if (!/^[A-Za-z0-9+/\r\n]+={0,2}$/.test(text)) throw new GenerativeError('SF505', `${where} answered with b64_json that is not base64`);
  return Buffer.from(text, 'base64');
}
