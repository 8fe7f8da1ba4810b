import type { ViewerSessionInfo } from './commerce-api.ts';

const storageKey = 'showflow.viewerSession';

/** What the page keeps of its viewer session: the signed token and what the shop said about payments. */
export interface StoredSession extends ViewerSessionInfo {
  token: string;
}

/**
 * The viewer's anonymous session, signed by the runtime: minted once, kept in localStorage
 * so a reload keeps the viewer's holds and limits, sent as a bearer token (the page may
 * live on another origin than the shop, where the HttpOnly cookie does not travel). An
 * expired or rejected token is dropped and a new session minted.
 */
export function viewerSessions(mint: () => Promise<StoredSession>, storage: Storage | null = typeof window === 'undefined' ? null : window.localStorage) {
  let current: StoredSession | null = null;
  let minting: Promise<StoredSession> | null = null;

  function stored(): StoredSession | null {
    try {
      const parsed = JSON.parse(storage?.getItem(storageKey) ?? 'null') as StoredSession | null;
      return parsed && typeof parsed.token === 'string' && Date.parse(parsed.expiresAt) > Date.now() ? parsed : null;
    } catch {
      return null;
    }
  }

  return {
    async get(): Promise<StoredSession> {
      current ??= stored();
      if (current) return current;
      minting ??= mint().then(
        (session) => {
          current = session;
          storage?.setItem(storageKey, JSON.stringify(session));
          minting = null;
          return session;
        },
        (error: unknown) => {
          minting = null;
          throw error;
        },
      );
      return minting;
    },
    /** The shop refused the token (SF420): forget it so the next call mints a new one. */
    forget(): void {
      current = null;
      storage?.removeItem(storageKey);
    },
  };
}

export type ViewerSessions = ReturnType<typeof viewerSessions>;
