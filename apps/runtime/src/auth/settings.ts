/** What the operator configures about sign-in; read once from the environment by `readAuthSettings`. */
export interface AuthSettings {
  /**
   * Origins (scheme://host[:port]) besides localhost ones from which a session cookie may
   * change state, e.g. the editor's public address `https://studio.example.com`.
   */
  trustedOrigins: string[];
  /** Host names served publicly (SHOWFLOW_PUBLIC_HOSTS): a page on one of them may use the cookie too. */
  trustedHosts?: string[];
  /** SHOWFLOW_BOOTSTRAP_TOKEN: an owner API token for automation, valid while set. */
  bootstrapToken?: string;
  /** SHOWFLOW_OWNER_PASSWORD: the first-run owner's password instead of a printed random one. */
  ownerPassword?: string;
  /** SHOWFLOW_SESSION_HOURS: how long a session lasts unused (each use slides it on). */
  sessionTtlMs: number;
  /** SHOWFLOW_SESSION_MAX_DAYS: how long a session lasts at most after sign-in. */
  sessionMaxMs: number;
}

export function readAuthSettings(source: Record<string, string | undefined> = process.env): AuthSettings {
  const hours = Number(source.SHOWFLOW_SESSION_HOURS ?? '12');
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new Error(`SHOWFLOW_SESSION_HOURS must be a number of hours (0–720): ${source.SHOWFLOW_SESSION_HOURS}`);
  const maxDays = Number(source.SHOWFLOW_SESSION_MAX_DAYS ?? '7');
  if (!Number.isFinite(maxDays) || maxDays <= 0 || maxDays > 90) throw new Error(`SHOWFLOW_SESSION_MAX_DAYS must be a number of days (0–90): ${source.SHOWFLOW_SESSION_MAX_DAYS}`);
  const trustedOrigins = (source.SHOWFLOW_EDITOR_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      try {
        return new URL(o).origin;
      } catch {
        throw new Error(`SHOWFLOW_EDITOR_ORIGINS has an entry that is not a URL: ${o}`);
      }
    });
  return {
    trustedOrigins,
    bootstrapToken: source.SHOWFLOW_BOOTSTRAP_TOKEN || undefined,
    ownerPassword: source.SHOWFLOW_OWNER_PASSWORD || undefined,
    sessionTtlMs: hours * 3600_000,
    sessionMaxMs: maxDays * 24 * 3600_000,
  };
}

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a browser page at `origin` may use the session cookie to change state. */
export function isTrustedOrigin(origin: string | undefined, settings: Pick<AuthSettings, 'trustedOrigins' | 'trustedHosts'>): boolean {
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return localHosts.has(url.hostname) || settings.trustedOrigins.includes(url.origin) || (settings.trustedHosts ?? []).includes(url.hostname);
}
