import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { acceptsContentType, contentTypeRuleFor, mediaTypeOf } from './content-type.ts';
import { isAllowedHost, isAllowedOrigin, normaliseHostNames } from './hosts.ts';
import { defaultGuardLimits, type GuardLimits } from './limits.ts';
import { refuse, type Refusal } from './refuse.ts';

export interface GuardOptions {
  /** Host names served besides the loopback names (SHOWFLOW_PUBLIC_HOSTS). */
  publicHosts?: readonly string[];
  /** Editor origins trusted for state changes though not served here (SHOWFLOW_EDITOR_ORIGINS, the same list sign-in trusts). */
  editorOrigins?: readonly string[];
  limits?: Partial<GuardLimits>;
}

export interface RequestGuard {
  readonly limits: GuardLimits;
  /** Returns true when it answered the request (refused); the listener must then stop. */
  (req: IncomingMessage, res: ServerResponse): boolean;
  /** For WebSocket upgrades, which never reach the request listener: true when it refused and closed the socket. */
  refusesUpgrade(req: IncomingMessage, socket: Duplex): boolean;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The first thing every request meets, before any route reads it: the Host must be a served
 * name, a state-changing request from a browser must come from a served origin, bodies must
 * have the route's content type and fit its limit, and tRPC batches stay small.
 *
 * Requests without an Origin (CLI, curl, server to server) pass here and meet the credential
 * check later. WHIP/WHEP (`/live/`) is exempt from the Origin check: senders and players run
 * in pages of other origins by design (decision 0031), and sending needs the stream's token.
 */
export function createRequestGuard(options: GuardOptions = {}): RequestGuard {
  const limits = { ...defaultGuardLimits, ...options.limits };
  const hosts = normaliseHostNames(options.publicHosts ?? []);
  const editorOrigins = new Set(options.editorOrigins ?? []);
  const trustedOrigin = (origin: string) => isAllowedOrigin(origin, hosts) || editorOrigins.has(origin);

  const check = (req: IncomingMessage, pathname: string, search: URLSearchParams): Refusal | undefined => {
    if (!isAllowedHost(req.headers.host, hosts)) {
      return { status: 403, code: 'SF320', message: `host ${JSON.stringify(req.headers.host ?? '')} is not served here; add it to SHOWFLOW_PUBLIC_HOSTS`, path: ['headers', 'host'] };
    }
    const method = req.method ?? 'GET';
    const trpc = pathname.startsWith('/trpc/');
    if (trpc) {
      const procedures = decodeURIComponent(pathname.slice('/trpc/'.length)).split(',').length;
      if (search.get('batch') === '1' && procedures > limits.trpcBatchSize) {
        return { status: 400, code: 'SF323', message: `${procedures} procedures in one batch; at most ${limits.trpcBatchSize}`, path: ['batch'] };
      }
    }
    if (safeMethods.has(method)) return undefined;

    const origin = req.headers.origin;
    if (origin !== undefined && !pathname.startsWith('/live/') && !trustedOrigin(origin)) {
      return { status: 403, code: 'SF321', message: `origin ${JSON.stringify(origin)} may not change state here`, path: ['headers', 'origin'] };
    }
    const rule = contentTypeRuleFor(pathname);
    const contentType = req.headers['content-type'];
    if (!acceptsContentType(rule, contentType)) {
      return {
        status: 415,
        code: 'SF322',
        message: `content type ${JSON.stringify(mediaTypeOf(contentType) ?? 'none')} is not accepted here; send ${rule.accepted.join(' or ')}`,
        path: ['headers', 'content-type'],
      };
    }
    // A declared length is refused before a byte is read. Bodies streamed without one are
    // counted by each route as they arrive: tRPC by the adapter's maxBodySize, commerce and
    // live by their readers; the runtime's own routes take no body.
    const limit = trpc ? limits.trpcBodyBytes : limits.otherBodyBytes;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      return { status: 413, code: 'SF324', message: `body of ${declared} bytes; at most ${limit} here`, path: ['body'] };
    }
    return undefined;
  };

  const guard = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let refusal: Refusal | undefined;
    try {
      refusal = check(req, url.pathname, url.searchParams);
    } catch {
      refusal = { status: 400, code: 'SF303', message: 'malformed request line', path: [] };
    }
    if (!refusal) return false;
    refuse(res, refusal, url.pathname.startsWith('/trpc/'));
    return true;
  };
  // A rebinding page can open a WebSocket too: upgrades meet the same Host allowlist.
  const refusesUpgrade = (req: IncomingMessage, socket: Duplex): boolean => {
    if (isAllowedHost(req.headers.host, hosts)) return false;
    const body = JSON.stringify({ code: 'SF320', message: 'host is not served here', path: ['headers', 'host'] });
    socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    return true;
  };
  return Object.assign(guard, { limits, refusesUpgrade });
}
