import type { IncomingMessage, ServerResponse } from 'node:http';
import { CommerceError, isCommerceError } from '../errors.ts';
import type { CommerceService, Reply } from '../service.ts';
import { readJsonBody } from './body.ts';

type Params = string[];
interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** A POST that only counts (impressions, clicks): no key, no body, no stored response. */
  counter?: boolean;
  run: (ctx: { service: CommerceService; params: Params; body: unknown; key: string }) => Promise<Reply<unknown> | unknown>;
}

const id = '([^/]+)';
const routes: Route[] = [
  { method: 'POST', pattern: /^\/api\/drops$/, run: ({ service, body, key }) => service.createDrop(body as never, { idempotencyKey: key }) },
  { method: 'GET', pattern: new RegExp(`^/api/drops/${id}$`), run: ({ service, params }) => service.getDrop(params[0]) },
  { method: 'GET', pattern: new RegExp(`^/api/drops/${id}/funnel$`), run: ({ service, params }) => service.funnel(params[0]) },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/drops/${id}/reservations$`),
    run: ({ service, params, body, key }) => service.reserve(params[0], body as never, { idempotencyKey: key }),
  },
  { method: 'GET', pattern: new RegExp(`^/api/reservations/${id}$`), run: ({ service, params }) => service.getReservation(params[0]) },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/reservations/${id}/confirm$`),
    run: ({ service, params, body, key }) => service.confirm(params[0], body as never, { idempotencyKey: key }),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/api/reservations/${id}/cancel$`),
    run: ({ service, params, body, key }) => service.cancel(params[0], { idempotencyKey: key }, body),
  },
  { method: 'GET', pattern: new RegExp(`^/api/orders/${id}$`), run: ({ service, params }) => service.getOrder(params[0]) },
  { method: 'POST', pattern: /^\/api\/tips$/, run: ({ service, body, key }) => service.tip(body as never, { idempotencyKey: key }) },
  // Plain counters for the funnel: at-least-once, so no Idempotency-Key; answered 204.
  {
    method: 'POST',
    pattern: new RegExp(`^/api/drops/${id}/impressions$`),
    counter: true,
    run: ({ service, params }) => service.recordImpression(params[0]),
  },
  { method: 'POST', pattern: new RegExp(`^/api/drops/${id}/clicks$`), counter: true, run: ({ service, params }) => service.recordClick(params[0]) },
];

const ownedPrefix = /^\/api\/(drops|reservations|orders|tips)(\/|$)/;

/**
 * Plain JSON REST for drops, reservations and orders. Resolves true when it answered the
 * request (its paths), false to let the host route it elsewhere. Never rejects: every
 * failure becomes `{error: {code, message, path}}`.
 */
export function createCommerceHandler(service: CommerceService, options: { onError?: (error: unknown) => void } = {}) {
  const onError = options.onError ?? ((error: unknown) => console.error('[commerce http]', error));

  return async function handleCommerce(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0];
    if (!ownedPrefix.test(path)) return false;
    try {
      const matches = routes.map((route) => ({ route, m: route.pattern.exec(path) })).filter((x) => x.m);
      if (matches.length === 0) throw new CommerceError('SF407', `no commerce route ${path}`, ['url']);
      const hit = matches.find((x) => x.route.method === req.method);
      if (!hit) {
        res.setHeader('Allow', matches.map((x) => x.route.method).join(', '));
        send(res, 405, new CommerceError('SF408', `${req.method} is not allowed on ${path}`, ['method']).toBody());
        return true;
      }
      const params = hit.m!.slice(1).map(decodeParam);
      let body: unknown = undefined;
      let key = '';
      if (hit.route.counter) {
        await hit.route.run({ service, params, body, key });
        res.writeHead(204).end();
        return true;
      }
      if (hit.route.method === 'POST') {
        key = idempotencyKey(req);
        body = await readJsonBody(req);
      }
      const result = await hit.route.run({ service, params, body, key });
      if (hit.route.method === 'POST') {
        const reply = result as Reply<unknown>;
        if (reply.replayed) res.setHeader('Idempotent-Replayed', 'true');
        send(res, reply.status, reply.body);
      } else {
        send(res, 200, result);
      }
    } catch (error) {
      if (isCommerceError(error)) {
        if (error.replayed) res.setHeader('Idempotent-Replayed', 'true');
        send(res, error.status, error.toBody());
      } else {
        onError(error);
        send(res, 500, new CommerceError('SF410', 'internal error; retry with the same Idempotency-Key').toBody());
      }
    }
    return true;
  };
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
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
