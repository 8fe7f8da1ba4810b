import type { ShowflowApp } from '../service/app.ts';
import type { Access } from './request-auth.ts';
import { FileIdentityStore } from './file-identity-store.ts';
import { Identity } from './identity.ts';
import { authDir } from './paths.ts';

/**
 * Each runtime's identity and sign-in settings, keyed by its app. `serve` configures it at
 * start (environment settings, first-run owner); a runtime nobody configured (tests, embedding)
 * gets the embedded store under its data folder and only localhost editor origins.
 */
const accesses = new WeakMap<ShowflowApp, Promise<Access>>();

export function configureAccess(app: Pick<ShowflowApp, 'dataDir'>, access: Access): void {
  accesses.set(app as ShowflowApp, Promise.resolve(access));
}

export function accessOf(app: Pick<ShowflowApp, 'dataDir'>): Promise<Access> {
  let access = accesses.get(app as ShowflowApp);
  if (!access) {
    access = FileIdentityStore.open(authDir(app.dataDir)).then((store) => ({ identity: new Identity(store), settings: { trustedOrigins: [] } }));
    accesses.set(app as ShowflowApp, access);
  }
  return access;
}

export async function identityOf(app: Pick<ShowflowApp, 'dataDir'>): Promise<Identity> {
  return (await accessOf(app)).identity;
}
