import { configureAccess, openIdentity, readAuthSettings } from '../auth/index.ts';
import { onceMoreIfRaced, openSharedIdentityStore } from '../cluster/shared-identity.ts';
import type { RuntimeEnv } from '../env.ts';
import type { ShowflowApp } from '../service/app.ts';

/** The first-run owner's credential, shown once on the console. */
export interface FirstRunOwner {
  name: string;
  password: string;
}

/**
 * Sign-in for a served runtime: the identity store under the data folder (on PostgreSQL with DATABASE_URL), the automation
 * token from SHOWFLOW_BOOTSTRAP_TOKEN, and on the very first start an owner account whose
 * password is returned to be printed once (unless SHOWFLOW_OWNER_PASSWORD chose it).
 */
export async function setUpAccess(app: ShowflowApp, env: RuntimeEnv, source: Record<string, string | undefined> = process.env): Promise<FirstRunOwner | undefined> {
  const settings = readAuthSettings(source);
  // On PostgreSQL when DATABASE_URL is set, so every instance signs in the same people.
  const identity = await openIdentity(env.dataDir, settings, await openSharedIdentityStore(env.databaseUrl));
  await onceMoreIfRaced(() => identity.syncEnvironmentToken(settings.bootstrapToken));
  const created = await onceMoreIfRaced(() => identity.bootstrapOwner(settings.ownerPassword));
  configureAccess(app, { identity, settings: { ...settings, trustedHosts: env.publicHosts ?? [] } });
  return created && !settings.ownerPassword ? created : undefined;
}

export function firstRunBanner(owner: FirstRunOwner): string {
  return [
    '',
    'First start: an owner account was created. Sign in to the editor with',
    `  user      ${owner.name}`,
    `  password  ${owner.password}`,
    'This password is shown only now. Change it with `npm run showflow -- users passwd owner`.',
    '',
  ].join('\n');
}
