/**
 * Error codes of the generative layer (SF5xx). Codes are stable: once published a code
 * keeps its meaning forever. They extend the shared catalogue in packages/shared.
 */
export const generativeErrorCatalog = {
  SF501: 'Rate limit reached for this creator',
  SF502: 'Daily generation budget for this creator is spent',
  SF503: 'The image provider failed',
  SF504: 'The image provider timed out',
  SF505: 'The image provider sent a malformed response',
  SF506: 'Provenance record is invalid',
  SF507: 'Asset not found',
  SF508: 'The image provider kept rate limiting past the retry budget',
  SF509: 'Generation request is invalid',
  SF510: 'Generative configuration is invalid',
  SF511: 'The asset store could not be read or written',
} as const;

export type GenerativeErrorCode = keyof typeof generativeErrorCatalog;

export interface GenerativeErrorDetails {
  /** HTTP status the provider answered with, when there was one. */
  status?: number;
  /** When the caller may try again, for refusals and provider 429s. */
  retryAfterMs?: number;
}

/** An error carrying a stable SF5xx code; messages never contain secrets. */
export class GenerativeError extends Error {
  readonly code: GenerativeErrorCode;
  readonly details: GenerativeErrorDetails;
  constructor(code: GenerativeErrorCode, message: string, details: GenerativeErrorDetails = {}, options?: { cause?: unknown }) {
    super(`${code} ${message}`, options);
    this.name = 'GenerativeError';
    this.code = code;
    this.details = details;
  }
}

export function isGenerativeError(error: unknown): error is GenerativeError {
  return error instanceof GenerativeError;
}

/** Refusals are decided locally, before any provider call. */
export function isRefusal(error: unknown): boolean {
  return isGenerativeError(error) && (error.code === 'SF501' || error.code === 'SF502');
}

/** Short, JSON-safe form for results, logs and HTTP bodies. */
export function errorReason(error: unknown): { code: GenerativeErrorCode; message: string } {
  if (isGenerativeError(error)) return { code: error.code, message: error.message };
  return { code: 'SF503', message: `SF503 ${error instanceof Error ? error.name : 'unknown error'}` };
}
