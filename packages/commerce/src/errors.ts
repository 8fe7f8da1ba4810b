/**
 * Commerce error codes. They live here until the shared catalogue adopts them; once
 * published a code keeps its meaning forever, new failures get new codes.
 */
export const commerceErrorCatalog = {
  SF401: { status: 409, message: 'Sold out' },
  SF402: { status: 409, message: 'Per-viewer limit reached' },
  SF403: { status: 409, message: 'Drop is not live' },
  SF404: { status: 410, message: 'Reservation expired' },
  SF405: { status: 400, message: 'Consent required' },
  SF406: { status: 422, message: 'Idempotency key reused with a different request' },
  SF407: { status: 404, message: 'Not found' },
  SF408: { status: 400, message: 'Bad request' },
  SF409: { status: 409, message: 'Reservation already settled' },
  SF410: { status: 500, message: 'Internal error' },
  SF420: { status: 401, message: 'Viewer session required' },
  SF421: { status: 429, message: 'Too many requests' },
  SF422: { status: 403, message: 'Only the producer may do this' },
  SF423: { status: 402, message: 'Payment failed' },
  SF424: { status: 400, message: 'Tip message refused' },
  SF425: { status: 503, message: 'Request abandoned by the client' },
  SF426: { status: 409, message: 'Every unit left is held' },
  SF427: { status: 409, message: 'A newer owner has taken the pipeline over' },
} as const;

export type CommerceErrorCode = keyof typeof commerceErrorCatalog;

/** Wire shape of every error the commerce API returns. */
export interface ErrorBody {
  error: { code: CommerceErrorCode; message: string; path: (string | number)[] };
}

export class CommerceError extends Error {
  readonly code: CommerceErrorCode;
  readonly status: number;
  readonly path: (string | number)[];
  /** True when this error is the stored outcome of an earlier request with the same idempotency key. */
  readonly replayed: boolean;
  /** Seconds a client should wait before trying again (429s); sent as Retry-After. */
  retryAfterSeconds?: number;

  constructor(code: CommerceErrorCode, message: string, path: (string | number)[] = [], replayed = false) {
    super(message);
    this.name = 'CommerceError';
    this.code = code;
    this.status = commerceErrorCatalog[code].status;
    this.path = path;
    this.replayed = replayed;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, path: this.path } };
  }

  static fromBody(body: ErrorBody, replayed: boolean): CommerceError {
    return new CommerceError(body.error.code, body.error.message, body.error.path, replayed);
  }
}

export function isCommerceError(error: unknown): error is CommerceError {
  return error instanceof CommerceError;
}
