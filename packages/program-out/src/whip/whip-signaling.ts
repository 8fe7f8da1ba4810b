import { ProgramOutError } from '../errors.ts';
import { whipEndpoint } from './whip-endpoint.ts';

/** An SDP answer is a few KiB; anything past this is not one. */
export const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_REDIRECTS = 3;

export interface WhipAnswer {
  sdp: string;
  /** The session resource (the answer's Location, resolved): DELETE here ends the session. */
  resource: URL;
}

const headers = (token: string | undefined, extra: Record<string, string> = {}) => ({ ...extra, ...(token ? { authorization: `Bearer ${token}` } : {}) });

/**
 * POSTs a complete offer (no trickle) and accepts only what RFC 9725 promises: 201 with an
 * `application/sdp` answer and a `Location`. Temporary redirects (307/308) are followed a
 * few times, each target held to the same URL rule; the token goes only to the origin it
 * was configured for. Anything else is SF646 with the status, never the body or the token.
 */
export async function postOffer(endpoint: URL, offer: string, token: string | undefined, signal: AbortSignal): Promise<WhipAnswer> {
  let url = endpoint;
  for (let hop = 0; ; hop++) {
    const sameOrigin = url.origin === endpoint.origin;
    const response = await fetch(url, {
      method: 'POST',
      headers: headers(sameOrigin ? token : undefined, { 'content-type': 'application/sdp', accept: 'application/sdp' }),
      body: offer,
      redirect: 'manual',
      signal,
    });
    const location = response.headers.get('location');
    if ((response.status === 307 || response.status === 308) && location && hop < MAX_REDIRECTS) {
      await response.body?.cancel();
      url = whipEndpoint(new URL(location, url).href);
      continue;
    }
    if (response.status !== 201) {
      await response.body?.cancel();
      throw new ProgramOutError('SF646', `the WHIP server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, 502);
    }
    const type = response.headers.get('content-type') ?? '';
    if (!/^application\/sdp\s*(;|$)/i.test(type)) {
      await response.body?.cancel();
      throw new ProgramOutError('SF646', `the WHIP server answered 201 with ${type ? `"${type.slice(0, 60)}"` : 'no content type'}, not application/sdp`, 502);
    }
    if (!location) {
      await response.body?.cancel();
      throw new ProgramOutError('SF646', 'the WHIP server answered 201 without a Location for the session', 502);
    }
    const sdp = await readBounded(response, MAX_ANSWER_BYTES);
    if (!sdp.startsWith('v=0')) throw new ProgramOutError('SF646', 'the WHIP server answered 201 with a body that is not SDP', 502);
    return { sdp, resource: new URL(location, url) };
  }
}

/** Ends a session: best effort, bounded in time (a server that is gone must not hold up a stop). */
export async function deleteSession(resource: URL, token: string | undefined, endpoint: URL, timeoutMs = 2000): Promise<number | undefined> {
  try {
    const response = await fetch(resource, {
      method: 'DELETE',
      headers: headers(resource.origin === endpoint.origin ? token : undefined),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return undefined;
  }
}

async function readBounded(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) {
    await response.body?.cancel();
    throw new ProgramOutError('SF646', `the WHIP answer is ${declared} bytes; at most ${limit} are read`, 502);
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new ProgramOutError('SF646', `the WHIP answer exceeds ${limit} bytes`, 502);
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8');
}
