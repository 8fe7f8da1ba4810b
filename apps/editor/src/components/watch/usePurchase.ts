'use client';

import { useCallback, useRef, useState } from 'react';
import { CommerceApiError, testPaymentMethod, type CommerceApi, type DropView, type OrderView, type ReservationView } from './commerce-api.ts';
import { IntentKeys } from './intent-keys.ts';

export type PurchaseStep =
  | { step: 'browsing' }
  | { step: 'checkout'; drop: DropView; reservation: ReservationView; serverTime: string; receivedAt: number }
  | { step: 'confirmed'; drop: DropView; order: OrderView };

/**
 * Reserve → consent → confirm (or cancel), with one Idempotency-Key per intent: a retry
 * after a lost answer or a busy shop (429) reuses the key and gets the first answer back
 * instead of buying twice. Who buys is the viewer session the API carries.
 */
export function usePurchase(api: CommerceApi) {
  const [state, setState] = useState<PurchaseStep>({ step: 'browsing' });
  const [busy, setBusy] = useState<'reserve' | 'confirm' | 'cancel' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const keys = useRef(new IntentKeys()).current;

  const attempt = useCallback(
    async <T,>(kind: 'reserve' | 'confirm' | 'cancel', intent: string, fn: (key: string) => Promise<T>): Promise<T | undefined> => {
      setBusy(kind);
      setError(null);
      try {
        const result = await fn(keys.key(intent));
        keys.settle(intent);
        return result;
      } catch (e) {
        // Refusals are final for this intent; network and server failures keep the key for the retry.
        if (!(e instanceof CommerceApiError) || !e.retryable) keys.settle(intent);
        setError(describe(e));
        return undefined;
      } finally {
        setBusy(null);
      }
    },
    [keys],
  );

  const reserve = useCallback(
    async (drop: DropView) => {
      void api.click(drop.id).catch(() => undefined);
      const reservation = await attempt('reserve', `reserve:${drop.id}`, (key) => api.reserve(drop.id, 1, key));
      if (!reservation) return;
      // The server's clock at this answer anchors the hold countdown.
      const fresh = await api.drop(drop.id).catch(() => drop);
      setState({ step: 'checkout', drop: fresh, reservation, serverTime: fresh.serverTime, receivedAt: Date.now() });
    },
    [api, attempt],
  );

  const confirm = useCallback(async () => {
    if (state.step !== 'checkout') return;
    const order = await attempt('confirm', `confirm:${state.reservation.id}`, async (key) => {
      // The test provider's paying card; with no provider nothing is charged. A real provider brings its own payment form.
      const { payments } = await api.session();
      return api.confirm(state.reservation.id, key, payments === 'test' ? testPaymentMethod : undefined);
    });
    if (order) setState({ step: 'confirmed', drop: state.drop, order });
  }, [api, attempt, state]);

  const cancel = useCallback(async () => {
    if (state.step !== 'checkout') return;
    const cancelled = await attempt('cancel', `cancel:${state.reservation.id}`, (key) => api.cancel(state.reservation.id, key));
    if (cancelled) setState({ step: 'browsing' });
  }, [api, attempt, state]);

  const done = useCallback(() => {
    setError(null);
    setState({ step: 'browsing' });
  }, []);

  return { state, busy, error, reserve, confirm, cancel, done };
}

/** What the viewer reads when a step fails: the shop's own words, and when to try again. */
function describe(e: unknown): string {
  if (!(e instanceof CommerceApiError)) return (e as Error).message;
  if (e.status === 429) return `The shop is busy right now — try again${e.retryAfterSeconds ? ` in ${e.retryAfterSeconds} s` : ''}; your place is kept for this attempt.`;
  return e.retryable ? `${e.message} — try again` : e.message;
}
