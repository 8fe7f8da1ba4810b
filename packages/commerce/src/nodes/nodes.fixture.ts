import { afterAll, beforeAll } from 'vitest';
import { createTestPaymentProvider } from '../payments/test-provider.ts';
import { createCommerceService, type CommerceService } from '../service.ts';
import { createPgliteSql } from '../sql/pglite.ts';
import type { Sql } from '../sql/types.ts';
import { DropRegistry } from './registry.ts';

/**
 * One in-memory PGlite per test file (its start-up is the slow part), emptied per test, with
 * a fresh orders service, registry and a clock shared by the service and the node per test.
 */
export function useCommerceStore() {
  let sql: Sql | undefined;
  beforeAll(async () => {
    sql = await createPgliteSql();
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
  });

  return async function fresh(start = Date.parse('2030-05-01T18:00:00.000Z')) {
    if (!sql) throw new Error('the PGlite store did not open');
    let now = start;
    const clock = () => now;
    const service: CommerceService = await createCommerceService({ sql, clock, payments: createTestPaymentProvider() });
    // Stock lives on products shared by SKU, so each test starts from an empty shop.
    await sql.exec('TRUNCATE products, drops, viewer_holdings, reservations, orders, idempotency_keys, drop_funnel, tips CASCADE');
    const registry = new DropRegistry();
    return {
      service,
      registry,
      services: { commerce: service, 'commerce.drops': registry },
      now: clock,
      advance(ms: number) {
        now += ms;
      },
    };
  };
}
