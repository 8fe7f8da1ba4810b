import type { BaseContext } from '@showflow/nodes/sdk';
import type { CommerceService } from '../service.ts';

/** The name under which a runtime provides the orders service to nodes. */
export const commerceServiceName = 'commerce';

function looksLikeCommerce(value: unknown): value is CommerceService {
  const v = value as Partial<CommerceService> | null | undefined;
  return typeof v?.createDrop === 'function' && typeof v.getDrop === 'function' && typeof v.events?.subscribeAll === 'function';
}

/**
 * The orders service for a node, or a clear failure naming the node: a commerce node on
 * a runtime without the commerce module must not pretend to sell anything.
 */
export function commerceService(ctx: Pick<BaseContext<unknown>, 'services' | 'nodeId'>): CommerceService {
  const value = ctx.services.get(commerceServiceName);
  if (value === undefined) {
    throw new Error(`node ${ctx.nodeId} needs the "${commerceServiceName}" service, and this runtime provides none (is the commerce module loaded?)`);
  }
  if (!looksLikeCommerce(value)) throw new Error(`node ${ctx.nodeId}: the "${commerceServiceName}" service is not an orders service`);
  return value;
}

/** The service when the runtime has one; for nodes that also work without it. */
export function optionalCommerceService(ctx: Pick<BaseContext<unknown>, 'services' | 'nodeId'>): CommerceService | undefined {
  return ctx.services.get(commerceServiceName) === undefined ? undefined : commerceService(ctx);
}
