import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { ElementId } from '@showflow/shared';
import type { ShowflowApp } from '../service/app.ts';
import { toPrometheus } from '../metrics/prometheus.ts';
import { appRouter } from './router.ts';
import { handleStill } from './stills.ts';
import { createRequestGuard, serverTimeouts, type RequestGuard } from './guard/index.ts';
import { readEnv } from '../env.ts';
import { accessOf, allowRequest, bindRequest, METRICS_ROLE, previewRole, readAuthSettings, requestAuth } from '../auth/index.ts';
import { refuseSubscription, subscriptionRole } from './subscription-auth.ts';
import { redirectToOwner } from '../cluster/owner-routing.ts';

/** Browsers on any localhost port may call the API: the editor runs on its own dev server. */
export function isLocalOrigin(origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    const { hostname, protocol } = new URL(origin);
    return (protocol === 'http:' || protocol === 'https:') && (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]');
  } catch {
    return false;
  }
}

/** Live media routes any web page may call: WHIP/WHEP signaling and HLS under /live/. */
function isPublicMediaPath(url: string | undefined): boolean {
  return (url ?? '').startsWith('/live/');
}

export interface RuntimeServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** tRPC under /trpc, plus plain endpoints for Prometheus, health checks and preview images. */
export function createRequestListener(app: ShowflowApp, guard: RequestGuard = defaultGuard()): http.RequestListener {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: guard.limits.trpcBodyBytes,
    maxBatchSize: guard.limits.trpcBatchSize,
    createContext: async ({ req, res }) => {
      const { identity, settings } = await accessOf(app);
      return { app, auth: await requestAuth(req), identity, http: { req, res }, origins: settings };
    },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error(`API ${path ?? '?'}: ${error.message}`);
    },
  });

  return (req, res) => {
    const origin = req.headers.origin;
    if (isLocalOrigin(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin!);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Expose-Headers', 'Location, ETag, Idempotent-Replayed');
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'content-type');
      res.setHeader('Access-Control-Max-Age', '600');
    } else if (origin && isPublicMediaPath(req.url)) {
      // WHIP/WHEP/HLS are played and sent from pages of any origin (embeds, a studio's own
      // site); only these routes, never with credentials (decision 0052).
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Expose-Headers', 'Location, ETag, Link');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-Match');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    // After the CORS headers, so the editor can read why a request was refused.
    if (guard(req, res)) return;
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    // The caller (session cookie or bearer token) is read when a procedure or route asks.
    bindRequest(req, accessOf(app));
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/trpc/')) {
      const procedurePath = url.pathname.slice('/trpc/'.length);
      const role = subscriptionRole(procedurePath);
      if (!role) trpc(req, res);
      else
        void refuseSubscription(req, res, procedurePath, role)
          .then((refused) => refused || trpc(req, res))
          .catch((err: Error) => {
            app.log.error(`API ${procedurePath}: ${err.message}`);
            if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
            res.end('internal error\n');
          });
      return;
    }
    void route(app, url, req, res).catch((err: Error) => {
      app.log.error(`HTTP ${url.pathname}: ${err.message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  };
}

/** Module routes first (commerce REST, assets, live signaling), then the runtime's own. */
async function route(app: ShowflowApp, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // Several instances: a pipeline's previews and live media are answered by the one running it.
  if (await redirectToOwner(app, url, res, req)) return;
  for (const m of app.modules) if (m.http && (await m.http(req, res))) return;
  await handlePlain(app, url, req, res);
}

async function handlePlain(app: ShowflowApp, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET' }).end();
    return;
  }
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(app.health()));
    return;
  }
  if (url.pathname === '/metrics') {
    // Node names, error messages and sales funnels are the studio's business (decision 0062).
    if (!(await allowRequest(req, res, METRICS_ROLE))) return;
    const pipelines = app.engine.running().flatMap((r) => app.engine.metrics(r.pipelineId) ?? []);
    const body = toPrometheus(pipelines, {
      uptimeSeconds: (Date.now() - app.startedAt) / 1000,
      uncaughtErrors: app.engine.uncaughtErrors,
      pool: app.engine.pool.stats(),
    });
    const extra = app.modules.map((m) => m.metrics?.() ?? '').filter(Boolean);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(extra.length ? `${body.trimEnd()}\n${extra.join('\n').trimEnd()}\n` : body);
    return;
  }
  if (await handleStill(app, url, req, res)) return;
  const preview = /^\/preview\/([^/]+)\/([^/]+)\.jpg$/.exec(url.pathname);
  if (preview && ElementId.safeParse(preview[1]).success && ElementId.safeParse(preview[2]).success) {
    const nodeType = app.engine.metrics(preview[1])?.nodes.find((n) => n.nodeId === preview[2])?.type;
    const role = previewRole(nodeType);
    if (role !== 'public' && !(await allowRequest(req, res, role))) return;
    const image = await app.engine.preview(preview[1], preview[2]);
    if (!image) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no frame yet\n');
      return;
    }
    res.writeHead(200, { 'content-type': image.mime, 'cache-control': 'no-store', 'x-frame-seq': String(image.seq) }).end(image.data);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}

/** Served host names come from SHOWFLOW_PUBLIC_HOSTS, editor origins from SHOWFLOW_EDITOR_ORIGINS (docs/decisions/0038). */
function defaultGuard(): RequestGuard {
  return createRequestGuard({ publicHosts: readEnv().publicHosts ?? [], editorOrigins: readAuthSettings().trustedOrigins });
}

export async function listen(app: ShowflowApp, port: number, host: string, guard: RequestGuard = defaultGuard()): Promise<RuntimeServer> {
  const server = http.createServer(serverTimeouts(guard.limits), createRequestListener(app, guard));
  // WebSocket upgrades go to the first module that owns the path; nobody else answers them.
  server.on('upgrade', (req, socket, head) => {
    if (guard.refusesUpgrade(req, socket)) return;
    for (const m of app.modules) if (m.upgrade?.(req, socket, head)) return;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
