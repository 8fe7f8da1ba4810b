import { randomUUID } from 'node:crypto';
import type { CreatePaymentIntentParams, PaymentIntent, PaymentProvider } from './provider.ts';

/** Stripe's test payment methods that this provider understands. */
export const testPaymentMethods = {
  succeeds: 'pm_card_visa',
  declines: 'pm_card_chargeDeclined',
} as const;

/**
 * A local provider for development and tests, like Stripe's test mode: `pm_card_visa`
 * succeeds, `pm_card_chargeDeclined` (and anything unknown) is declined, nothing is really
 * charged. It keeps its intents in memory and replays creates by idempotency key.
 */
export function createTestPaymentProvider(): PaymentProvider & { intents(): PaymentIntent[] } {
  const intents = new Map<string, PaymentIntent>();
  const byKey = new Map<string, string>();
  const refunded = new Set<string>();

  function create(params: CreatePaymentIntentParams, options: { idempotencyKey: string }): PaymentIntent {
    const earlier = byKey.get(options.idempotencyKey);
    if (earlier) return structuredClone(intents.get(earlier)!);
    const ok = params.payment_method === testPaymentMethods.succeeds;
    const intent: PaymentIntent = {
      id: `pi_test_${randomUUID().replaceAll('-', '')}`,
      amount: params.amount,
      currency: params.currency.toLowerCase(),
      status: ok ? 'succeeded' : 'requires_payment_method',
      payment_method: params.payment_method,
      last_payment_error: ok ? null : { code: 'card_declined', message: 'Your card was declined.' },
      metadata: { ...params.metadata },
    };
    intents.set(intent.id, intent);
    byKey.set(options.idempotencyKey, intent.id);
    return structuredClone(intent);
  }

  return {
    name: 'test',
    paymentIntents: {
      create: async (params, options) => create(params, options),
      async retrieve(id) {
        const intent = intents.get(id);
        if (!intent) throw new Error(`No such payment_intent: '${id}'`);
        return structuredClone(intent);
      },
    },
    refunds: {
      async create(params) {
        if (!intents.has(params.payment_intent)) throw new Error(`No such payment_intent: '${params.payment_intent}'`);
        refunded.add(params.payment_intent);
        return { id: `re_test_${params.payment_intent}`, status: 'succeeded' };
      },
    },
    intents: () => [...intents.values()].map((i) => structuredClone(i)),
  };
}
