import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A viewer session as the token carries it. */
export interface ViewerSession {
  viewerId: string;
  issuedAt: number;
  expiresAt: number;
}

const version = 'vs1';

/**
 * Anonymous viewer sessions: `vs1.<viewerId>.<issuedAt>.<hmac>`, HMAC-SHA256 with a secret
 * only the service knows, so a client cannot invent a viewer id or extend its session.
 * The viewer id is random and opaque; linking it to a sign-in or a payment customer later
 * is a row keyed by it, not a new token format.
 */
export function createViewerSessions(options: { secret: string; clock: () => number; ttlMs?: number }) {
  const ttlMs = options.ttlMs ?? 30 * 24 * 60 * 60 * 1000;
  const sign = (payload: string) => createHmac('sha256', options.secret).update(payload).digest('base64url');

  return {
    ttlMs,
    mint(): { token: string; session: ViewerSession } {
      const viewerId = `v_${randomBytes(16).toString('base64url')}`;
      const issuedAt = options.clock();
      const payload = `${version}.${viewerId}.${issuedAt.toString(36)}`;
      return { token: `${payload}.${sign(payload)}`, session: { viewerId, issuedAt, expiresAt: issuedAt + ttlMs } };
    },

    /** The session a token proves, or null for anything forged, malformed or expired. */
    verify(token: string | undefined): ViewerSession | null {
      if (!token || token.length > 200) return null;
      const parts = token.split('.');
      if (parts.length !== 4 || parts[0] !== version) return null;
      const payload = parts.slice(0, 3).join('.');
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(parts[3]);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const issuedAt = parseInt(parts[2], 36);
      const now = options.clock();
      if (!Number.isFinite(issuedAt) || issuedAt > now + 60_000 || now >= issuedAt + ttlMs) return null;
      return { viewerId: parts[1], issuedAt, expiresAt: issuedAt + ttlMs };
    },
  };
}

export type ViewerSessions = ReturnType<typeof createViewerSessions>;

export const newSessionSecret = (): string => randomBytes(32).toString('base64url');
