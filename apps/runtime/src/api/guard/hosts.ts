/**
 * Which Host and Origin names the runtime answers. A page that rebinds its own DNS name to
 * 127.0.0.1 still sends its own name in Host, so only names the studio configured pass.
 */

/** Loopback names always served, with any port. */
const loopbackNames = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of a Host header (`name:port`, `[v6]:port`), lower-cased; undefined if malformed. */
export function hostNameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  try {
    const url = new URL(`http://${hostHeader}`);
    // A Host header is a bare authority: anything that adds a path, user or query is malformed.
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Normalises configured names the same way (`Show.Example.com`, `::1` → `[::1]`). */
export function normaliseHostNames(names: readonly string[]): Set<string> {
  const out = new Set(loopbackNames);
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const host = hostNameOf(name.includes(':') && !name.startsWith('[') && name.split(':').length > 2 ? `[${name}]` : name);
    if (host) out.add(host);
  }
  return out;
}

export function isAllowedHost(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  const name = hostNameOf(hostHeader);
  return name !== undefined && allowed.has(name);
}

/** An Origin is trusted when it is http(s) on a served host name (the editor on any port). */
export function isAllowedOrigin(origin: string, allowed: ReadonlySet<string>): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && allowed.has(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}
