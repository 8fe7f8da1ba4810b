import { ProgramOutError } from '../errors.ts';
import type { RestreamKeys } from '../restream/restream-keys.ts';

/** Hosts a plain-http WHIP endpoint may have: this machine (a local MediaMTX, a test server). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The endpoint a WHIP output may post to. The offer's ICE credentials and DTLS fingerprint
 * and the bearer token travel in this request: over plain http anyone on the path could
 * read the token or swap the answer, so only https leaves the machine (SF645).
 */
export function whipEndpoint(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ProgramOutError('SF645', 'the WHIP URL is not a URL');
  }
  if (parsed.username || parsed.password) throw new ProgramOutError('SF645', 'the WHIP URL carries a user or password: name a token secret instead');
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return parsed;
  if (parsed.protocol === 'http:') throw new ProgramOutError('SF645', `plain http is allowed only to localhost or 127.0.0.1, not ${parsed.hostname}: use https`);
  throw new ProgramOutError('SF645', `the WHIP URL must be https (not ${parsed.protocol})`);
}

/** Throws SF647 when the node names a token secret the runtime does not have. */
export function checkTokenSecret(keys: RestreamKeys, name: string): void {
  if (name && !keys.get(name)) throw new ProgramOutError('SF647', `no WHIP token: set SHOWFLOW_RESTREAM_KEY_${name} in the runtime's environment`);
}
