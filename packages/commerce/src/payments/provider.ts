/**
 * A payment provider in the shape of Stripe's PaymentIntents API, so the real one is an
 * adapter of a few lines: amounts in the currency's minor unit, `confirm: true` to charge
 * at once, and an idempotency key per intended charge (a retried request never charges twice).
 */
export type PaymentIntentStatus = 'requires_payment_method' | 'succeeded' | 'canceled';

export interface PaymentIntent {
  id: string;
  amount: number;
  currency: string;
  status: PaymentIntentStatus;
  payment_method: string | null;
  /** Why the last attempt failed (a decline), as Stripe reports it. */
  last_payment_error: { code: string; message: string } | null;
  metadata: Record<string, string>;
}

export interface CreatePaymentIntentParams {
  amount: number;
  currency: string;
  payment_method: string;
  confirm: true;
  metadata: Record<string, string>;
}

export interface PaymentProvider {
  readonly name: string;
  paymentIntents: {
    create(params: CreatePaymentIntentParams, options: { idempotencyKey: string }): Promise<PaymentIntent>;
    retrieve(id: string): Promise<PaymentIntent>;
  };
  refunds: {
    create(params: { payment_intent: string }, options: { idempotencyKey: string }): Promise<{ id: string; status: 'succeeded' }>;
  };
}
