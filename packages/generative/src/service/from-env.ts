import { loadGenerativeConfig } from '../env.ts';
import { createProvider } from '../providers/create.ts';
import { GenerativeService, type GenerativeServiceOptions } from './generative-service.ts';

/** The service as the runtime starts it: everything from the environment, overridable for tests. */
export async function createGenerativeServiceFromEnv(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<GenerativeServiceOptions> = {},
): Promise<GenerativeService> {
  const config = loadGenerativeConfig(env);
  return GenerativeService.open({
    provider: createProvider(config),
    dataDir: config.dataDir,
    cacheBytes: config.cacheBytes,
    providerTimeoutMs: config.provider === 'jobs' ? Math.max(config.timeoutMs, 120_000) : config.timeoutMs,
    budget: { ratePerMinute: config.ratePerMinute, burst: config.burst, dailyCapCents: config.dailyCapCents },
    ...overrides,
  });
}
