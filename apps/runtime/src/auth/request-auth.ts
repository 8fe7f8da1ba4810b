import type { IncomingMessage, ServerResponse } from 'node:http';
import { ShowflowError } from '@showflow/shared';
import { readCookie, SESSION_COOKIE } from './cookies.ts';
import { anonymous, type Caller, type Identity } from './identity.ts';
import { hasRole, type Role } from './roles.ts';
import { isTrustedOrigin, type AuthSettings } from './settings.ts';

/** The caller of one request, and why a credential it presented was not accepted. */
export interface RequestAuth {
  caller: Caller;
  /** Set when a cookie or token was presented but refused (expired, revoked, foreign origin). */
  refused?: ShowflowError;
  /** The raw session cookie, for sign-out. */
  session?: string;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Reads the credential of a request: `Authorization: Bearer <token>` (CLI, automation) or
 * the session cookie (the editor). A cookie changes state only when the request's Origin is
 * a trusted editor origin, so another site can never use it (SameSite already keeps
 * browsers from sending it cross-site; this holds even for a same-site sibling host).
 */
export async function authenticate(identity: Identity, settings: Pick<AuthSettings, 'trustedOrigins' | 'trustedHosts'>, req: IncomingMessage): Promise<RequestAuth> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return { caller: anonymous, refused: new ShowflowError('SF315', 'the Authorization header must be "Bearer <API token>"') };
    try {
      return { caller: await identity.tokenCaller(match[1]) };
    } catch (err) {
      return { caller: anonymous, refused: err as ShowflowError };
    }
  }
  const session = readCookie(req, SESSION_COOKIE);
  if (!session) return { caller: anonymous };
  if (!safeMethods.has(req.method ?? 'GET') && !isTrustedOrigin(req.headers.origin, settings)) {
    return { caller: anonymous, session, refused: new ShowflowError('SF311', `the session cookie may not change anything from origin ${req.headers.origin ?? '(none)'}`) };
  }
  try {
    return { caller: await identity.sessionCaller(session), session };
  } catch (err) {
    return { caller: anonymous, session, refused: err as ShowflowError };
  }
}

/** The error for a caller below `needed`: SF310 (or why the credential failed) when anonymous, SF311 when the role is too low. */
export function roleRefusal(auth: RequestAuth, needed: Role): ShowflowError | undefined {
  if (hasRole(auth.caller.role, needed)) return undefined;
  if (auth.caller.role === null) return auth.refused ?? new ShowflowError('SF310', 'sign in or send an API token');
  return new ShowflowError('SF311', `${needed} role needed; you are ${auth.caller.role}`);
}

export const statusOf = (error: ShowflowError): 401 | 403 => (error.code === 'SF311' ? 403 : 401);

/** What the listener needs to authenticate requests. */
export interface Access {
  identity: Identity;
  settings: Pick<AuthSettings, 'trustedOrigins' | 'trustedHosts'>;
}

// The listener binds each request to the runtime's access once; modules ask for the caller later.
const bound = new WeakMap<IncomingMessage, () => Promise<RequestAuth>>();

export function bindRequest(req: IncomingMessage, access: Promise<Access>): void {
  let memo: Promise<RequestAuth> | undefined;
  bound.set(req, () => (memo ??= access.then(({ identity, settings }) => authenticate(identity, settings, req))));
}

/** The request's authentication; anonymous when the request was never bound (fails closed). */
export function requestAuth(req: IncomingMessage): Promise<RequestAuth> {
  return bound.get(req)?.() ?? Promise.resolve({ caller: anonymous });
}

/**
 * For plain REST routes: resolves true when the caller has `needed`; otherwise answers
 * 401/403 with `{error: {code, message}}` and resolves false, before anything is read or written.
 */
export async function allowRequest(req: IncomingMessage, res: ServerResponse, needed: Role): Promise<boolean> {
  const refusal = roleRefusal(await requestAuth(req), needed);
  if (!refusal) return true;
  const status = statusOf(refusal);
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...(status === 401 ? { 'www-authenticate': 'Bearer realm="showflow"' } : {}),
  });
  res.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message, path: [] } }));
  return false;
}
