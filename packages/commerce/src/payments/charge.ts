import { CommerceError } from '../errors.ts';
import type { PaymentProvider } from './provider.ts';

/**
 * Charges once per intended purchase (the provider replays `idempotencyKey`); a decline
 * becomes SF423 so the viewer can try another card with a new request.
 */
export async function charge(
  provider: PaymentProvider,
  params: { amountCents: number; currency: string; paymentMethod: string | undefined; metadata: Record<string, string> },
  idempotencyKey: string,
): Promise<string> {
  if (!params.paymentMethod) {
    throw new CommerceError('SF408', 'paymentMethod is required: a payment method id from the payment form', ['paymentMethod']);
  }
  const intent = await provider.paymentIntents.create(
    { amount: params.amountCents, currency: params.currency, payment_method: params.paymentMethod, confirm: true, metadata: params.metadata },
    { idempotencyKey },
  );
  if (intent.status !== 'succeeded') {
    throw new CommerceError('SF423', `payment failed: ${intent.last_payment_error?.message ?? intent.status}`, ['paymentMethod']);
  }
  return intent.id;
}
