import type { StoreConfig } from './sql/open.ts';

/** The only place commerce reads the environment. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const dataDir = env.SHOWFLOW_COMMERCE_DIR?.trim() || undefined;
  return { databaseUrl, dataDir };
}

export interface ShopConfig {
  /** `test`: the local test payment provider (no money moves; `pm_card_visa` pays). `none`: orders unpaid, tips off. */
  payments: 'test' | 'none';
  /** Signs viewer sessions; unset: a secret generated once and kept in the database. */
  sessionSecret?: string;
  /** Behind a reverse proxy: take the client address and TLS from X-Forwarded-For / -Proto. */
  trustProxy: boolean;
}

export function shopConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ShopConfig {
  const payments = env.SHOWFLOW_PAYMENTS?.trim() || 'test';
  if (payments !== 'test' && payments !== 'none') throw new Error(`SHOWFLOW_PAYMENTS must be "test" or "none", not "${payments}"`);
  const sessionSecret = env.SHOWFLOW_VIEWER_SESSION_SECRET?.trim() || undefined;
  if (sessionSecret !== undefined && sessionSecret.length < 32) throw new Error('SHOWFLOW_VIEWER_SESSION_SECRET must be at least 32 characters');
  return { payments, sessionSecret, trustProxy: env.SHOWFLOW_TRUST_PROXY === '1' };
}
