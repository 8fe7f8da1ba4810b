import path from 'node:path';
import { createAssetHandler, createGenerativeServiceFromEnv, generativeOverlay, GENERATIVE_SERVICE } from '@showflow/generative';
import type { RuntimeEnv } from '../env.ts';
import type { RuntimeModuleFactory } from './module.ts';
import { generativeMetrics } from './generative/metrics.ts';
import { RedisBudget } from '../cluster/redis-budget.ts';
import { openRedis } from '../cluster/redis.ts';

/**
 * The generative layer in the runtime: the service (nodes reach it as `generative`),
 * immutable assets at /assets/<sha256>.png, spend and cache metrics, and the
 * generative overlay node. `source` is the environment the layer reads (SHOWFLOW_GEN_*);
 * its data lives under the runtime's data folder unless SHOWFLOW_GEN_DATA_DIR says otherwise.
 */
/** Where the layer keeps assets, keys and spend: SHOWFLOW_GEN_DATA_DIR, else `<runtime data dir>/generative`. */
export function generativeDataDir(env: Pick<RuntimeEnv, 'dataDir'>, source: Record<string, string | undefined> = process.env): string {
  return path.resolve(source.SHOWFLOW_GEN_DATA_DIR || path.join(env.dataDir, 'generative'));
}

export function createGenerativeModule(source: Record<string, string | undefined> = process.env): RuntimeModuleFactory {
  return {
    name: 'generative',
    nodes: [generativeOverlay],
    async open(env: RuntimeEnv) {
      // With REDIS_URL a creator's rate limit and daily cap hold across every instance (decision 0074).
      const redis = env.redisUrl ? await openRedis(env.redisUrl) : undefined;
      const service = await createGenerativeServiceFromEnv(
        { ...source, SHOWFLOW_GEN_DATA_DIR: generativeDataDir(env, source) },
        redis ? { sharedBudget: (limits) => new RedisBudget(redis, { ...limits, prefix: env.redisPrefix ?? 'showflow:' }) } : {},
      ).catch((err: unknown) => {
        redis?.disconnect();
        throw err;
      });
      return {
        name: 'generative',
        services: { [GENERATIVE_SERVICE]: service },
        http: createAssetHandler(service),
        metrics: () => generativeMetrics(service),
        close: async () => {
          await service.close();
          await redis?.quit().catch(() => redis.disconnect());
        },
      };
    },
  };
}

export const generativeModule = createGenerativeModule();
