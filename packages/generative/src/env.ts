import path from 'node:path';
import { z } from 'zod';
import { GenerativeError } from './errors.ts';
import { Secret } from './secret.ts';

/**
 * The only place the generative layer reads the environment. Defaults run on a laptop
 * with no network: the offline provider, data under ./data/generative.
 */
const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const envSchema = z.object({
  SHOWFLOW_GEN_PROVIDER: z.enum(['offline', 'openai', 'jobs']).default('offline'),
  SHOWFLOW_GEN_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SHOWFLOW_GEN_API_KEY: z.string().min(1).optional(),
  SHOWFLOW_GEN_MODEL: z.string().min(1).optional(),
  SHOWFLOW_GEN_TIMEOUT_MS: int(30_000, 1),
  SHOWFLOW_GEN_MAX_RETRIES: int(2),
  SHOWFLOW_GEN_POLL_MS: int(1_000, 1),
  SHOWFLOW_GEN_COST_CENTS: z.coerce.number().int().min(0).optional(),
  SHOWFLOW_GEN_RATE_PER_MIN: int(30, 1),
  SHOWFLOW_GEN_BURST: int(10, 1),
  SHOWFLOW_GEN_DAILY_CAP_CENTS: int(500),
  SHOWFLOW_GEN_CACHE_MB: int(64, 1),
  SHOWFLOW_GEN_DATA_DIR: z.string().min(1).optional(),
  SHOWFLOW_DATA_DIR: z.string().min(1).optional(),
});

export type ProviderKind = 'offline' | 'openai' | 'jobs';

export interface GenerativeConfig {
  provider: ProviderKind;
  baseUrl?: string;
  apiKey?: Secret;
  model?: string;
  timeoutMs: number;
  maxRetries: number;
  pollIntervalMs: number;
  /** Cost per image; undefined means the provider's own default. */
  costCentsPerImage?: number;
  ratePerMinute: number;
  burst: number;
  dailyCapCents: number;
  cacheBytes: number;
  dataDir: string;
}

export function loadGenerativeConfig(env: Record<string, string | undefined> = process.env): GenerativeConfig {
  // Empty strings mean "unset" in most shells and .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('SHOWFLOW_') && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    // Names and messages only; values (the API key among them) are never echoed.
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new GenerativeError('SF510', `invalid generative environment: ${issues}`);
  }
  const e = parsed.data;
  if (e.SHOWFLOW_GEN_PROVIDER !== 'offline' && !e.SHOWFLOW_GEN_BASE_URL) {
    throw new GenerativeError('SF510', `SHOWFLOW_GEN_BASE_URL is required when SHOWFLOW_GEN_PROVIDER=${e.SHOWFLOW_GEN_PROVIDER}`);
  }
  if (e.SHOWFLOW_GEN_BASE_URL) {
    // Credentials belong in SHOWFLOW_GEN_API_KEY, which is redacted everywhere; a URL is not.
    const u = new URL(e.SHOWFLOW_GEN_BASE_URL);
    if (u.username || u.password || u.search || u.hash) {
      throw new GenerativeError('SF510', 'SHOWFLOW_GEN_BASE_URL must not carry user-info, a query or a fragment; put the key in SHOWFLOW_GEN_API_KEY');
    }
  }
  return {
    provider: e.SHOWFLOW_GEN_PROVIDER,
    baseUrl: e.SHOWFLOW_GEN_BASE_URL,
    apiKey: e.SHOWFLOW_GEN_API_KEY ? new Secret(e.SHOWFLOW_GEN_API_KEY) : undefined,
    model: e.SHOWFLOW_GEN_MODEL,
    timeoutMs: e.SHOWFLOW_GEN_TIMEOUT_MS,
    maxRetries: e.SHOWFLOW_GEN_MAX_RETRIES,
    pollIntervalMs: e.SHOWFLOW_GEN_POLL_MS,
    costCentsPerImage: e.SHOWFLOW_GEN_COST_CENTS,
    ratePerMinute: e.SHOWFLOW_GEN_RATE_PER_MIN,
    burst: e.SHOWFLOW_GEN_BURST,
    dailyCapCents: e.SHOWFLOW_GEN_DAILY_CAP_CENTS,
    cacheBytes: e.SHOWFLOW_GEN_CACHE_MB * 1024 * 1024,
    dataDir: path.resolve(e.SHOWFLOW_GEN_DATA_DIR ?? path.join(e.SHOWFLOW_DATA_DIR ?? 'data', 'generative')),
  };
}

/** The configuration as it may be shown in status pages and logs. */
export function describeConfig(config: GenerativeConfig): Record<string, string | number | boolean> {
  const { apiKey, baseUrl, ...rest } = config;
  const out: Record<string, string | number | boolean> = { ...rest, hasApiKey: apiKey !== undefined } as never;
  if (baseUrl) out.baseUrl = safeUrl(baseUrl);
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

/** Origin and path only: user-info and query strings can carry credentials. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
