import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Checkout } from './Checkout.tsx';
import type { ReservationView } from './commerce-api.ts';
import { DropCard, holdDuration } from './DropCard.tsx';
import type { DropView } from './commerce-api.ts';
import { IntentKeys } from './intent-keys.ts';

afterEach(cleanup);

// As the server answered: odd numbers, so nothing shown could come from a default.
const reservation: ReservationView = {
  id: 'res_1',
  dropId: 'drop_1',
  viewerId: 'viewer-1',
  quantity: 2,
  unitPriceCents: 4337,
  totalCents: 8674,
  currency: 'EUR',
  status: 'pending',
  createdAt: '2030-01-01T20:00:00.000Z',
  expiresAt: '2030-01-01T20:01:37.000Z',
  settledAt: null,
};

function renderCheckout(overrides: Partial<Parameters<typeof Checkout>[0]> = {}) {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  render(
    <Checkout
      reservation={reservation}
      title="Studio hoodie"
      serverTime="2030-01-01T20:00:00.000Z"
      receivedAt={Date.now()}
      busy={null}
      error={null}
      onConfirm={onConfirm}
      onCancel={onCancel}
      {...overrides}
    />,
  );
  return { onConfirm, onCancel };
}

describe('Checkout', () => {
  it('starts with consent unticked and Confirm disabled', () => {
    const { onConfirm } = renderCheckout();
    const consent = screen.getByTestId('consent') as HTMLInputElement;
    const confirm = screen.getByTestId('confirm-order') as HTMLButtonElement;
    expect(consent.checked).toBe(false);
    expect(confirm.disabled).toBe(true);
    fireEvent.click(confirm);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('enables Confirm only while consent is ticked', () => {
    const { onConfirm } = renderCheckout();
    const consent = screen.getByTestId('consent');
    const confirm = screen.getByTestId('confirm-order') as HTMLButtonElement;
    fireEvent.click(consent);
    expect(confirm.disabled).toBe(false);
    fireEvent.click(consent);
    expect(confirm.disabled).toBe(true);
    fireEvent.click(consent);
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('shows the full price, quantity and hold time from the server response before Confirm', () => {
    renderCheckout();
    expect(screen.getByTestId('checkout-unit-price').textContent).toBe('€43.37');
    expect(screen.getByTestId('checkout-quantity').textContent).toBe('2 × €43.37');
    expect(screen.getByTestId('checkout-total').textContent).toBe('€86.74');
    expect(screen.getByTestId('confirm-order').textContent).toBe('Confirm and pay €86.74');
    expect(screen.getByTestId('checkout-terms').textContent).toContain('€86.74');
    // 97 s between the server's time and the hold's expiry.
    expect(screen.getByTestId('hold-countdown').textContent).toBe('Held for you for 1:37');
  });

  it('promises only what the shop does: cancel before confirming, and says how payment works', () => {
    renderCheckout({ payments: 'test' });
    const terms = screen.getByTestId('checkout-terms').textContent ?? '';
    expect(terms).toContain('Until you confirm you can cancel this hold');
    expect(terms).not.toContain('14 days');
    expect(screen.getByTestId('payment-note').textContent).toContain('no money moves');
  });

  it('cancels the reservation without consent', () => {
    const { onCancel } = renderCheckout();
    fireEvent.click(screen.getByTestId('cancel-reservation'));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('disables both actions once the hold has expired on the server clock', () => {
    renderCheckout({ serverTime: '2030-01-01T20:02:00.000Z' });
    expect(screen.getByTestId('hold-countdown').textContent).toBe('Your hold has expired.');
    expect((screen.getByTestId('confirm-order') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('DropCard', () => {
  const drop = {
    id: 'drop_1',
    title: 'Studio hoodie',
    status: 'live',
    stock: 25,
    available: 17,
    reserved: 3,
    sold: 5,
    price: { unitCents: 4337, currency: 'EUR', tier: 0, nextChangeAt: null },
    perViewerLimit: 2,
    reservationTtlSeconds: 120,
    countdownMs: 251_400,
    startsOnCue: false,
    bundle: null,
  } as unknown as DropView;

  it('shows the server\'s price, units left and countdown as they are', () => {
    render(<DropCard drop={drop} busy={false} onReserve={() => {}} />);
    expect(screen.getByTestId('drop-price').textContent).toBe('€43.37');
    expect(screen.getByTestId('drop-available').textContent).toBe('17');
    expect(screen.getByTestId('drop-stock').textContent).toBe('25');
    expect(screen.getByTestId('drop-countdown').textContent).toBe('4:12');
  });

  it('does not offer a sold-out drop', () => {
    render(<DropCard drop={{ ...drop, status: 'sold_out', available: 0, reserved: 0, sold: 25 }} busy={false} onReserve={() => {}} />);
    expect((screen.getByTestId('reserve') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('drop-status').textContent).toBe('Sold out');
  });

  it('shows units in checkouts as held, not sold, and when the next may come back', () => {
    const held = { ...drop, status: 'all_held', available: 0, reserved: 20, serverTime: '2030-01-01T20:00:00.000Z', nextHoldExpiresAt: '2030-01-01T20:00:42.000Z' } as DropView;
    render(<DropCard drop={held} busy={false} onReserve={() => {}} />);
    expect(screen.getByTestId('drop-status').textContent).toBe('All held');
    expect(screen.getByTestId('drop-held').textContent).toBe('20 in checkout');
    expect(screen.getByTestId('drop-held-note').textContent).toContain('the next in 0:42');
    expect((screen.getByTestId('reserve') as HTMLButtonElement).disabled).toBe(true);
  });

  it('states the hold length the server applies', () => {
    render(<DropCard drop={{ ...drop, reservationTtlSeconds: 30 }} busy={false} onReserve={() => {}} />);
    expect(screen.getByTestId('drop-hold-note').textContent).toBe('Reserving holds one for 30 s; nothing is charged until you confirm.');
    expect(holdDuration(90)).toBe('1 min 30 s');
    expect(holdDuration(120)).toBe('2 min');
  });
});

describe('IntentKeys', () => {
  it('reuses a key for retries of one intent and makes a new one after it settles', () => {
    let n = 0;
    const keys = new IntentKeys(() => `k${++n}`);
    expect(keys.key('confirm:res_1')).toBe('confirm-k1');
    expect(keys.key('confirm:res_1')).toBe('confirm-k1');
    expect(keys.key('cancel:res_1')).toBe('cancel-k2');
    keys.settle('confirm:res_1');
    expect(keys.key('confirm:res_1')).toBe('confirm-k3');
  });
});
