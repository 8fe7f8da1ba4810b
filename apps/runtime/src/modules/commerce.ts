import path from 'node:path';
import {
  commerceNodes,
  createCommerceHandler,
  createCommerceService,
  createTestPaymentProvider,
  DropRegistry,
  openSql,
  shopConfigFromEnv,
  storeConfigFromEnv,
  type CommerceService,
} from '@showflow/commerce';
import type { RuntimeModuleFactory } from './module.ts';
import { lazyCommerceService } from './commerce/lazy-service.ts';
import { CommerceMetrics } from './commerce/metrics.ts';
import { makePrivate } from '../store/private-files.ts';
import { createShowDropsHandler } from './commerce/show-drops.ts';
import { hasRole, requestAuth } from '../auth/index.ts';

/** What the commerce module provides, under these names, to nodes and API procedures. */
export type CommerceModuleServices = {
  commerce: CommerceService;
  'commerce.drops': DropRegistry;
};

/**
 * The orders service: PGlite under `<dataDir>/commerce` (or SHOWFLOW_COMMERCE_DIR), or
 * PostgreSQL when DATABASE_URL is set. Opened on first use (a drop node's setup, a REST
 * call), then swept every second. Mounts the plain JSON REST API under /api/ and reports
 * each drop's funnel at /metrics.
 */
export const commerceModule: RuntimeModuleFactory = {
  name: 'commerce',
  nodes: commerceNodes,
  async open(env, log) {
    const clog = log.child('commerce');
    const onError = (error: unknown) => clog.error(error instanceof Error ? error.message : String(error));
    const config = storeConfigFromEnv();
    const store = { databaseUrl: config.databaseUrl, dataDir: config.dataDir ?? path.join(env.dataDir, 'commerce') };
    const shop = shopConfigFromEnv();
    let closeSql: (() => Promise<void>) | undefined;

    const lazy = lazyCommerceService(async () => {
      if (!store.databaseUrl) makePrivate(store.dataDir);
      const sql = await openSql(store);
      // PGlite writes its files 0666; the folder is 0700 already, and the files follow.
      if (!store.databaseUrl) makePrivate(store.dataDir);
      closeSql = () => sql.close();
      const payments = shop.payments === 'test' ? createTestPaymentProvider() : undefined;
      const service = await createCommerceService({ sql, onError, payments, sessionSecret: shop.sessionSecret });
      if (service.outageMs > 0) clog.warn(`orders service was down ${Math.round(service.outageMs / 1000)} s; pending holds were extended by that`);
      service.startSweeper({ intervalMs: 1000 });
      clog.info(`orders service on ${sql.backend}${store.databaseUrl ? '' : ` in ${store.dataDir}`}`);
      return service;
    }, onError);

    const registry = new DropRegistry();
    const metrics = new CommerceMetrics(() => lazy.opened, onError);
    lazy.service.events.subscribeAll((event) => {
      if ('dropId' in event.payload) metrics.track(event.payload.dropId);
    });
    // Producer routes (create, start and end drops, every order) need a producer's session or API token.
    const rest = createCommerceHandler(lazy.service, { onError, trustProxy: shop.trustProxy, isProducer: async (req) => hasRole((await requestAuth(req)).caller.role, 'producer') });
    const shows = createShowDropsHandler(registry, lazy.service);

    const services: CommerceModuleServices = { commerce: lazy.service, 'commerce.drops': registry };
    return {
      name: 'commerce',
      services,
      http: async (req, res) => (await shows(req, res)) || rest(req, res),
      metrics: () => {
        for (const entry of registry.all()) metrics.track(entry.dropId);
        return metrics.scrape();
      },
      async close() {
        const service = await lazy.settled();
        await service?.close();
        await closeSql?.();
      },
    };
  },
};
