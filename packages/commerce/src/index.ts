export { commerceErrorCatalog, CommerceError, isCommerceError, type CommerceErrorCode, type ErrorBody } from './errors.ts';
export { createCommerceService, type CommerceService, type CommerceServiceOptions, type Reply, type IdempotencyOptions, type ActingOptions } from './service.ts';
export { createCommerceHandler, defaultHandlerLimits, type CommerceHandlerOptions } from './http/handler.ts';
export { Admission } from './http/admission.ts';
export { viewerCookieName } from './http/viewer-auth.ts';
export { producer, viewer, type Actor } from './identity/actor.ts';
export type { ViewerSession } from './identity/viewer-sessions.ts';
export type { PaymentProvider, PaymentIntent, PaymentIntentStatus, CreatePaymentIntentParams } from './payments/provider.ts';
export { createTestPaymentProvider, testPaymentMethods } from './payments/test-provider.ts';
export type { ProductView } from './products.ts';
export { CommerceEvents, type CommerceEvent, type CommerceEventMap, type CommerceEventName } from './events.ts';
export type { FunnelView } from './funnel.ts';
export type { DropView, DropStatus, OrderView, ReservationView, ReservationStatus } from './views.ts';
export { quoteUnitPrice, bundlePrice, type PriceQuote } from './pricing.ts';
export {
  createDropSchema,
  reserveSchema,
  confirmSchema,
  type CreateDropInput,
  type ReserveInput,
  type ConfirmInput,
  type PriceSchedule,
  type Bundle,
} from './schemas.ts';
export type { Sql, SqlRunner, Lane } from './sql/types.ts';
export { createPgliteSql } from './sql/pglite.ts';
export { createPgSql, createIsolatedPgSql, type PgOptions } from './sql/pg.ts';
export { openSql, type StoreConfig } from './sql/open.ts';
export { storeConfigFromEnv, shopConfigFromEnv, type ShopConfig } from './env.ts';
export { migrate } from './schema/migrate.ts';
export { migrations, type Migration } from './schema/migrations.ts';
export { cueStartsAt } from './cue-start.ts';
export { tipSchema, type TipInput, type TipView, type TipStatus } from './tips.ts';
export { commerceNodes, commerceService, dropRegistry, DropRegistry, pipelineFenceServiceName, type DropCue, type PipelineFences, type RegisteredDrop } from './nodes/index.ts';
export { checkFence, type Fence } from './fencing.ts';
