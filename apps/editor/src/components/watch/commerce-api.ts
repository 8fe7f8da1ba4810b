import type { DropView, OrderView, ReservationView } from '@showflow/commerce';

/** The runtime's plain JSON commerce API, as a viewer's browser calls it. Shapes are the server's own types. */
export interface ShowDrop {
  nodeId: string;
  type: string;
  drop: DropView;
}

export type { DropView, OrderView, ReservationView };

export class CommerceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommerceApiError';
  }

  /** A network failure or a 5xx: the same request (same Idempotency-Key) may be sent again. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

async function call<T>(base: string, method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      cache: 'no-store',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CommerceApiError(0, 'NETWORK', `the shop is unreachable: ${(error as Error).message}`);
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) throw new CommerceApiError(res.status, json?.error?.code ?? `HTTP${res.status}`, json?.error?.message ?? res.statusText);
  return json as T;
}

export function commerceApi(base: string) {
  return {
    showDrops: (pipelineId: string) => call<{ drops: ShowDrop[] }>(base, 'GET', `/api/shows/${encodeURIComponent(pipelineId)}/drops`).then((r) => r.drops),
    drop: (dropId: string) => call<DropView>(base, 'GET', `/api/drops/${encodeURIComponent(dropId)}`),
    reserve: (dropId: string, viewerId: string, quantity: number, key: string) =>
      call<ReservationView>(base, 'POST', `/api/drops/${encodeURIComponent(dropId)}/reservations`, { viewerId, quantity }, key),
    confirm: (reservationId: string, key: string) =>
      call<OrderView>(base, 'POST', `/api/reservations/${encodeURIComponent(reservationId)}/confirm`, { consent: true }, key),
    cancel: (reservationId: string, key: string) => call<ReservationView>(base, 'POST', `/api/reservations/${encodeURIComponent(reservationId)}/cancel`, {}, key),
    impression: (dropId: string) => call<void>(base, 'POST', `/api/drops/${encodeURIComponent(dropId)}/impressions`),
    click: (dropId: string) => call<void>(base, 'POST', `/api/drops/${encodeURIComponent(dropId)}/clicks`),
  };
}

export type CommerceApi = ReturnType<typeof commerceApi>;
