import type { IncomingMessage, ServerResponse } from 'node:http';
import { CommerceError, isCommerceError } from '../errors.ts';
import { producer, viewer, type Actor } from '../identity/actor.ts';
import { RateLimiter } from '../identity/rate-limiter.ts';
import type { CommerceService, Reply } from '../service.ts';
import { Admission, type AdmissionOptions } from './admission.ts';
import { readJsonBody } from './body.ts';
import { LoopDelay } from './loop-delay.ts';
import { clientAddress, isSecure, viewerCookie, viewerToken } from './viewer-auth.ts';

/**
 * Who a route serves: anyone (`public`), a viewer session (`viewer`), the owner of the
 * resource or the producer (`owner`), or only the producer (`producer`).
 */
type Access = 'public' | 'viewer' | 'owner' | 'producer';
type Params = string[];
interface RouteCtx {
  service: CommerceService;
  params: Params;
  body: unknown;
  key: string;
  actor: Actor;
}
interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  access: Access;
  /** A POST that only counts (impressions, clicks): no key, no body, no stored response. */
  counter?: boolean;
  /** New work that waits in the admission queue (reservations); everything else goes straight on. */
  admitted?: boolean;
  run: (ctx: RouteCtx) => Promise<Reply<unknown> | unknown>;
}

const id = '([^/]+)';
const routes: Route[] = [
  { method: 'POST', pattern: /^\/api\/drops$/, access: 'producer', run: ({ service, body, key }) => service.createDrop(body as never, { idempotencyKey: key }) },
  { method: 'GET', pattern: new RegExp(`^/api/drops/${id}$`), access: 'public', run: ({ service, params }) => service.getDrop(params[0]) },
  { method: 'GET', pattern: new RegExp(`^/api/drops/${id}/funnel$`), access: 'producer', run: ({ service, params }) => service.funnel(params[0]) },
  { method: 'POST', pattern: new RegExp(`^/api/drops/${id}/start$`), access: 'producer', run: ({ service, params, key }) => service.startDrop(params[0], { idempotencyKey: key }) },
  { method: 'POST', pattern: new RegExp(`^/api/drops/${id}/end$`), access: 'producer', run: ({ service, params, key }) => service.endDrop(params[0], { idempotencyKey: key }) },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/drops/${id}/reservations$`),
    access: 'viewer',
    admitted: true,
    run: ({ service, params, body, key, actor }) => service.reserve(params[0], body as never, { idempotencyKey: key, actor }),
  },
  { method: 'GET', pattern: new RegExp(`^/api/reservations/${id}$`), access: 'owner', run: ({ service, params, actor }) => service.getReservation(params[0], actor) },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/reservations/${id}/confirm$`),
    access: 'owner',
    run: ({ service, params, body, key, actor }) => service.confirm(params[0], body as never, { idempotencyKey: key, actor }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/reservations/${id}/cancel$`),
    access: 'owner',
    run: ({ service, params, body, key, actor }) => service.cancel(params[0], { idempotencyKey: key, actor }, body),
  },
  { method: 'GET', pattern: new RegExp(`^/api/orders/${id}$`), access: 'owner', run: ({ service, params, actor }) => service.getOrder(params[0], actor) },
  { method: 'POST', pattern: /^\/api\/tips$/, access: 'viewer', run: ({ service, body, key, actor }) => service.tip(body as never, { idempotencyKey: key, actor }) },
  { method: 'GET', pattern: new RegExp(`^/api/products/${id}$`), access: 'producer', run: ({ service, params }) => service.getProduct(params[0]) },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/products/${id}/restock$`),
    access: 'producer',
    run: ({ service, params, body, key }) => service.restock({ ...(body as object), sku: params[0] } as never, { idempotencyKey: key }),
  },
  // Plain counters for the funnel: at-least-once, so no Idempotency-Key; answered 204.
  { method: 'POST', pattern: new RegExp(`^/api/drops/${id}/impressions$`), access: 'public', counter: true, run: ({ service, params }) => service.recordImpression(params[0]) },
  { method: 'POST', pattern: new RegExp(`^/api/drops/${id}/clicks$`), access: 'public', counter: true, run: ({ service, params }) => service.recordClick(params[0]) },
];

const ownedPrefix = /^\/api\/(drops|reservations|orders|tips|products|sessions)(\/|$)/;

export interface CommerceHandlerOptions {
  onError?: (error: unknown) => void;
  /**
   * Whether the request comes from the show's producer (may create, cue and end drops, see
   * every order, restock). Supplied by the host's sign-in; the default refuses everyone.
   */
  isProducer?: (req: IncomingMessage) => boolean | Promise<boolean>;
  /** Sessions one address may mint: `burst` at once, then one per `refillMs`. */
  sessionMinting?: { burst: number; refillMs: number };
  /** Reservations, confirms, cancels and tips one viewer may send. */
  viewerRequests?: { burst: number; refillMs: number };
  /**
   * The admission queue in front of new reservations: `maxWaitMs` is its queueing-delay
   * budget, `maxLoopDelayMs` the event-loop lateness at which it stops taking new work.
   */
  admission?: Pick<AdmissionOptions, 'concurrency' | 'maxQueued' | 'maxWaitMs' | 'maxLoopDelayMs'>;
  /** Take the client address and TLS from X-Forwarded-For / -Proto (behind a trusted proxy only). */
  trustProxy?: boolean;
  clock?: () => number;
}

export const defaultHandlerLimits = {
  sessionMinting: { burst: 10, refillMs: 6_000 },
  viewerRequests: { burst: 20, refillMs: 250 },
  admission: { concurrency: 8, maxQueued: 64, maxWaitMs: 300, maxLoopDelayMs: 500 },
};

/**
 * Plain JSON REST for viewer sessions, drops, reservations, orders, tips and products.
 * Resolves true when it answered the request (its paths), false to let the host route it
 * elsewhere. Never rejects: every failure becomes `{error: {code, message, path}}`.
 */
export function createCommerceHandler(service: CommerceService, options: CommerceHandlerOptions = {}) {
  const onError = options.onError ?? ((error: unknown) => console.error('[commerce http]', error));
  const isProducer = options.isProducer ?? (() => false);
  const trustProxy = options.trustProxy ?? false;
  const minting = new RateLimiter({ ...(options.sessionMinting ?? defaultHandlerLimits.sessionMinting), clock: options.clock });
  const perViewer = new RateLimiter({ ...(options.viewerRequests ?? defaultHandlerLimits.viewerRequests), clock: options.clock });
  const loopDelay = new LoopDelay();
  const admission = new Admission({ ...(options.admission ?? defaultHandlerLimits.admission), loopDelayMs: () => loopDelay.ms });

  async function handleCommerce(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0];
    if (!ownedPrefix.test(path)) return false;
    // Set when the client goes away before the answer is written: queued work is then skipped.
    const left = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) left.abort();
    });
    try {
      if (path === '/api/sessions' || path === '/api/sessions/me') {
        await handleSession(req, res, path);
        return true;
      }
      const matches = routes.map((route) => ({ route, m: route.pattern.exec(path) })).filter((x) => x.m);
      if (matches.length === 0) throw new CommerceError('SF407', `no commerce route ${path}`, ['url']);
      const hit = matches.find((x) => x.route.method === req.method);
      if (!hit) {
        res.setHeader('Allow', matches.map((x) => x.route.method).join(', '));
        send(res, 405, new CommerceError('SF408', `${req.method} is not allowed on ${path}`, ['method']).toBody());
        return true;
      }
      const { route } = hit;
      const params = hit.m!.slice(1).map(decodeParam);
      const actor = await actorFor(req, route.access);
      let body: unknown = undefined;
      let key = '';
      if (route.counter) {
        await route.run({ service, params, body, key, actor });
        res.writeHead(204).end();
        return true;
      }
      if (route.method === 'POST') {
        if (actor.kind === 'viewer') limit(perViewer, actor.viewerId, 'too many requests from this viewer');
        key = idempotencyKey(req);
        // An overloaded shop says so before reading the body or touching the store.
        if (route.admitted) admission.refuseIfBusy();
        body = await readJsonBody(req);
        // Nobody is left to read the answer: do nothing (a retry with the same key does it).
        if (left.signal.aborted) throw new CommerceError('SF425', 'the client disconnected before its request started; nothing was done', []);
      }
      const run = () => route.run({ service, params, body, key, actor });
      const result = route.admitted ? await admission.run(left.signal, run) : await run();
      if (route.method === 'POST') {
        const reply = result as Reply<unknown>;
        if (reply.replayed) res.setHeader('Idempotent-Replayed', 'true');
        send(res, reply.status, reply.body);
      } else {
        send(res, 200, result);
      }
    } catch (error) {
      if (isCommerceError(error)) {
        if (error.replayed) res.setHeader('Idempotent-Replayed', 'true');
        if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
        send(res, error.status, error.toBody());
      } else {
        onError(error);
        send(res, 500, new CommerceError('SF410', 'internal error; retry with the same Idempotency-Key').toBody());
      }
    }
    return true;
  }

  /** `POST /api/sessions` mints an anonymous viewer session (rate-limited per address); `GET /api/sessions/me` reads it. */
  async function handleSession(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/api/sessions/me') {
      if (req.method !== 'GET') return methodRefused(res, 'GET', path);
      const session = await service.verifySession(viewerToken(req));
      if (!session) throw new CommerceError('SF420', 'no valid viewer session: POST /api/sessions for one', ['session']);
      send(res, 200, { viewerId: session.viewerId, expiresAt: new Date(session.expiresAt).toISOString(), ...(await service.shopInfo()) });
      return;
    }
    if (req.method !== 'POST') return methodRefused(res, 'POST', path);
    // A valid session is answered as is, so a page that asks again does not burn the address's budget.
    const current = await service.verifySession(viewerToken(req));
    if (current) {
      send(res, 200, { viewerId: current.viewerId, expiresAt: new Date(current.expiresAt).toISOString(), token: viewerToken(req), ...(await service.shopInfo()) });
      return;
    }
    limit(minting, clientAddress(req, trustProxy), 'too many new viewer sessions from this address');
    const { token, session } = await service.mintSession();
    res.setHeader('Set-Cookie', viewerCookie(token, (session.expiresAt - session.issuedAt) / 1000, isSecure(req, trustProxy)));
    send(res, 201, { viewerId: session.viewerId, expiresAt: new Date(session.expiresAt).toISOString(), token, ...(await service.shopInfo()) });
  }

  async function actorFor(req: IncomingMessage, access: Access): Promise<Actor> {
    if (access === 'public') return anonymous;
    if (access !== 'viewer' && (await isProducer(req))) return producer;
    if (access === 'producer') throw new CommerceError('SF422', 'only the show\'s producer may do this', ['session']);
    const session = await service.verifySession(viewerToken(req));
    if (!session) throw new CommerceError('SF420', 'this needs a viewer session: POST /api/sessions, then send its token', ['session']);
    return viewer(session.viewerId);
  }

  /** The handler, with its admission queue's figures (queued, shed, abandoned) for tests and metrics. */
  return Object.assign(handleCommerce, { admission });
}

/** Public routes act for nobody: a viewer id no session can have, so it owns nothing. */
const anonymous: Actor = viewer('anonymous');

function limit(limiter: RateLimiter, key: string, message: string): void {
  const waitMs = limiter.take(key);
  if (waitMs === 0) return;
  const error = new CommerceError('SF421', `${message}; try again in ${Math.ceil(waitMs / 1000)} s`, []);
  error.retryAfterSeconds = Math.ceil(waitMs / 1000);
  throw error;
}

function methodRefused(res: ServerResponse, allow: string, path: string): void {
  res.setHeader('Allow', allow);
  send(res, 405, new CommerceError('SF408', `only ${allow} is allowed on ${path}`, ['method']).toBody());
}

function idempotencyKey(req: IncomingMessage): string {
  const value = req.headers['idempotency-key'];
  const key = Array.isArray(value) ? value[0] : value;
  if (!key) {
    throw new CommerceError('SF408', 'POST requests need an Idempotency-Key header (a fresh unique value per intended action)', [
      'headers',
      'Idempotency-Key',
    ]);
  }
  return key;
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new CommerceError('SF408', `malformed path segment ${raw}`, ['url']);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
