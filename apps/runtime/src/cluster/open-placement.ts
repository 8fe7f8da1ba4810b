import type { RuntimeEnv } from '../env.ts';
import type { Logger } from '../log.ts';
import { instanceUrlOf } from './instance-registry.ts';
import { PipelinePlacement } from './pipeline-placement.ts';

/** Lease life when SHOWFLOW_LEASE_TTL_MS is not set: a killed instance's pipelines run again elsewhere within about this long. */
export const DEFAULT_LEASE_TTL_MS = 3000;

/**
 * Pipeline placement when the instances share both the pipelines (DATABASE_URL) and the
 * leases (REDIS_URL); undefined otherwise, and the runtime runs every deployed pipeline
 * itself as before. Redis without a shared database would have each instance lease
 * pipelines the others cannot even see, so it is refused with a warning.
 */
export async function openPlacement(env: RuntimeEnv, log: Logger): Promise<PipelinePlacement | undefined> {
  if (!env.redisUrl) return undefined;
  if (!env.databaseUrl) {
    log.warn('REDIS_URL is set without DATABASE_URL: pipelines stay on this instance (they are neither shared nor taken over)');
    return undefined;
  }
  const url = instanceUrlOf(env.instanceUrl, env.host, env.port);
  const placement = await PipelinePlacement.open(env.redisUrl, { url, ttlMs: env.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, prefix: env.redisPrefix ?? 'showflow:', log: log.child('placement') });
  log.info(`instance ${placement.instanceId} at ${url}: pipelines are placed by lease (${placement.ttlMs} ms)`);
  return placement;
}
