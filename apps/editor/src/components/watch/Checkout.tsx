'use client';

import { useId, useState } from 'react';
import type { ReservationView } from './commerce-api.ts';
import { formatCountdown, formatMoney } from '@showflow/shared';
import { useServerCountdown } from './useServerClock.ts';

interface Props {
  reservation: ReservationView;
  title: string;
  /** The server's time when the reservation was answered, and this device's time then. */
  serverTime: string;
  receivedAt: number;
  busy: 'confirm' | 'cancel' | null;
  error: string | null;
  /** The shop's payment provider: `test` (no money moves), `none` (nothing charged here), null while unknown. */
  payments?: string | null;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * Consent first: the full price and terms are shown before the buy button, the consent box
 * starts unticked, and Confirm stays disabled until the viewer ticks it. Cancelling gives
 * the held stock back at once.
 */
export function Checkout({ reservation, title, serverTime, receivedAt, busy, error, payments = null, onConfirm, onCancel }: Props) {
  const [consent, setConsent] = useState(false);
  const consentId = useId();
  const left = useServerCountdown(reservation.expiresAt, serverTime, receivedAt);
  const money = (cents: number) => formatMoney(cents, reservation.currency);
  const expired = left === 0;
  return (
    <section className="sf-checkout" data-testid="checkout" data-reservation-id={reservation.id} aria-label="Checkout">
      <h2>Confirm your order</h2>
      <p className="sf-checkout-hold" data-testid="hold-countdown">
        {expired ? 'Your hold has expired.' : <>Held for you for <strong>{formatCountdown(left)}</strong></>}
      </p>
      <table className="sf-checkout-lines">
        <tbody>
          <tr>
            <td>{title}</td>
            <td data-testid="checkout-quantity">
              {reservation.quantity} × <span data-testid="checkout-unit-price">{money(reservation.unitPriceCents)}</span>
            </td>
          </tr>
          <tr className="sf-checkout-total">
            <td>Total to pay</td>
            <td data-testid="checkout-total">{money(reservation.totalCents)}</td>
          </tr>
        </tbody>
      </table>
      <ul className="sf-checkout-terms" data-testid="checkout-terms">
        <li>You pay {money(reservation.totalCents)} including taxes; no other fees are added.</li>
        <li>The price is fixed for this hold, whatever happens to the live price.</li>
        <li>Until you confirm you can cancel this hold here at no cost; it also lapses by itself when the timer runs out.</li>
        <li>Once confirmed, the order cannot be cancelled on this page; ask the show&apos;s seller about returns.</li>
      </ul>
      {payments === 'test' ? (
        <p className="sf-muted" data-testid="payment-note">
          Test mode: the shop&apos;s test payment provider confirms the payment; no money moves.
        </p>
      ) : payments === 'none' ? (
        <p className="sf-muted" data-testid="payment-note">
          No payment is taken on this page; the seller asks for it separately.
        </p>
      ) : null}
      <label className="sf-checkout-consent" htmlFor={consentId}>
        <input id={consentId} type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} data-testid="consent" disabled={expired} />
        I agree to buy {title} for {money(reservation.totalCents)} on these terms.
      </label>
      {error ? (
        <p className="sf-checkout-error" role="alert" data-testid="checkout-error">
          {error}
        </p>
      ) : null}
      <div className="sf-checkout-actions">
        <button type="button" className="sf-btn" onClick={onCancel} disabled={busy !== null || expired} data-testid="cancel-reservation">
          {busy === 'cancel' ? 'Cancelling…' : 'Cancel'}
        </button>
        <button type="button" className="sf-btn sf-btn-primary" onClick={onConfirm} disabled={!consent || busy !== null || expired} data-testid="confirm-order">
          {busy === 'confirm' ? 'Confirming…' : payments === 'none' ? `Confirm order of ${money(reservation.totalCents)}` : `Confirm and pay ${money(reservation.totalCents)}`}
        </button>
      </div>
    </section>
  );
}
