'use client';

import type { OrderView } from './commerce-api.ts';
import { formatMoney } from '@showflow/shared';

export function Confirmation({ order, title, onDone }: { order: OrderView; title: string; onDone(): void }) {
  return (
    <section className="sf-confirmation" data-testid="confirmation" aria-live="polite">
      <h2>Order confirmed</h2>
      <p>
        {order.quantity} × {title} for <strong>{formatMoney(order.totalCents, order.currency)}</strong>
      </p>
      <p className="sf-muted">
        Order <code data-testid="order-id">{order.id}</code>
      </p>
      <button type="button" className="sf-btn" onClick={onDone}>
        Back to the show
      </button>
    </section>
  );
}
