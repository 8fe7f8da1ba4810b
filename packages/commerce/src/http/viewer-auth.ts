import type { IncomingMessage } from 'node:http';

export const viewerCookieName = 'sf_viewer';

/** The viewer-session token a request carries: `Authorization: Bearer …` first, else the HttpOnly cookie. */
export function viewerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = req.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === viewerCookieName) return rest.join('=');
  }
  return undefined;
}

/** HttpOnly so page scripts cannot read it; scoped to the API; Secure when served over TLS. */
export function viewerCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${viewerCookieName}=${token}; Path=/api; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(maxAgeSeconds)}${secure ? '; Secure' : ''}`;
}

/** The client's address for per-address limits: the socket's peer, or what a trusted proxy says. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

export function isSecure(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  return trustProxy && req.headers['x-forwarded-proto'] === 'https';
}
