import type { DropView, OrderView, ReservationView } from '@showflow/commerce';
import { viewerSessions, type StoredSession, type ViewerSessions } from './viewer-session.ts';

/** The runtime's plain JSON commerce API, as a viewer's browser calls it. Shapes are the server's own types. */
export interface ShowDrop {
  nodeId: string;
  type: string;
  drop: DropView;
}

/** What `POST /api/sessions` answers besides the token. */
export interface ViewerSessionInfo {
  viewerId: string;
  expiresAt: string;
  /** `test`: the local test provider, no money moves; `none`: nothing is charged. */
  payments: string;
}

export type { DropView, OrderView, ReservationView };

/** The test provider's card that pays (as Stripe's `pm_card_visa`). */
export const testPaymentMethod = 'pm_card_visa';

export class CommerceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From Retry-After on a 429: when the same request may be sent again. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'CommerceApiError';
  }

  /** A network failure, a busy shop (429) or a 5xx: the same request (same Idempotency-Key) may be sent again. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

async function call<T>(base: string, method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string, token?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      cache: 'no-store',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CommerceApiError(0, 'NETWORK', `the shop is unreachable: ${(error as Error).message}`);
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new CommerceApiError(res.status, json?.error?.code ?? `HTTP${res.status}`, json?.error?.message ?? res.statusText, retryAfter > 0 ? retryAfter : null);
  }
  return json as T;
}

export function commerceApi(base: string, sessions: ViewerSessions = viewerSessions(() => call<StoredSession>(base, 'POST', '/api/sessions'))) {
  /** A call as this viewer; a token the shop no longer accepts is replaced once. */
  async function asViewer<T>(method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<T> {
    try {
      return await call<T>(base, method, path, body, key, (await sessions.get()).token);
    } catch (error) {
      if (!(error instanceof CommerceApiError) || error.code !== 'SF420') throw error;
      sessions.forget();
      return call<T>(base, method, path, body, key, (await sessions.get()).token);
    }
  }

  return {
    session: () => sessions.get(),
    showDrops: (pipelineId: string) => call<{ drops: ShowDrop[] }>(base, 'GET', `/api/shows/${encodeURIComponent(pipelineId)}/drops`).then((r) => r.drops),
    drop: (dropId: string) => call<DropView>(base, 'GET', `/api/drops/${encodeURIComponent(dropId)}`),
    reserve: (dropId: string, quantity: number, key: string) => asViewer<ReservationView>('POST', `/api/drops/${encodeURIComponent(dropId)}/reservations`, { quantity }, key),
    confirm: (reservationId: string, key: string, paymentMethod: string | undefined) =>
      asViewer<OrderView>('POST', `/api/reservations/${encodeURIComponent(reservationId)}/confirm`, { consent: true, ...(paymentMethod ? { paymentMethod } : {}) }, key),
    cancel: (reservationId: string, key: string) => asViewer<ReservationView>('POST', `/api/reservations/${encodeURIComponent(reservationId)}/cancel`, {}, key),
    impression: (dropId: string) => call<void>(base, 'POST', `/api/drops/${encodeURIComponent(dropId)}/impressions`),
    click: (dropId: string) => call<void>(base, 'POST', `/api/drops/${encodeURIComponent(dropId)}/clicks`),
  };
}

export type CommerceApi = ReturnType<typeof commerceApi>;
