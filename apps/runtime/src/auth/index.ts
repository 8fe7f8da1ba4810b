import { FileIdentityStore } from './file-identity-store.ts';
import { Identity } from './identity.ts';
import type { IdentityStore } from './identity-store.ts';
import type { AuthSettings } from './settings.ts';
import { authDir } from './paths.ts';

export { Identity, anonymous, publicUser, type Caller, type PublicUser, type PublicToken } from './identity.ts';
export type { IdentityStore, UserRecord, SessionRecord, TokenRecord } from './identity-store.ts';
export { FileIdentityStore } from './file-identity-store.ts';
export { Role, hasRole } from './roles.ts';
export { readAuthSettings, isTrustedOrigin, type AuthSettings } from './settings.ts';
export { SESSION_COOKIE, sessionCookie, clearedSessionCookie, isSecureRequest, clientAddress } from './cookies.ts';
export { allowRequest, authenticate, bindRequest, requestAuth, roleRefusal, statusOf, type RequestAuth, type Access } from './request-auth.ts';
export { SignInThrottle } from './sign-in-throttle.ts';
export { METRICS_ROLE, previewRole } from './plain-routes.ts';

export { authDir } from './paths.ts';
export { accessOf, configureAccess, identityOf } from './app-access.ts';

/** The runtime's identity on the embedded store under `<dataDir>/auth` (or on `store` when given). */
export async function openIdentity(dataDir: string, settings: Partial<Pick<AuthSettings, 'sessionTtlMs' | 'sessionMaxMs'>> = {}, store?: IdentityStore): Promise<Identity> {
  return new Identity(store ?? (await FileIdentityStore.open(authDir(dataDir))), { sessionTtlMs: settings.sessionTtlMs, sessionMaxMs: settings.sessionMaxMs });
}
