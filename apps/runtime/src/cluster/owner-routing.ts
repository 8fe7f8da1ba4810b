import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIVE_SERVICE, WHIP_TICKET_PREFIX } from '@showflow/live';
import { ElementId, ShowflowError } from '@showflow/shared';
import { LiveRuntime } from '../modules/live/live-runtime.ts';
import type { ShowflowApp } from '../service/app.ts';
import type { PipelineStore } from '../store/store.ts';

/**
 * Pipeline-specific routes whose answer only the instance running the pipeline has:
 * previews, stills, WHEP viewers (data channel and program), HLS, and WHIP senders (found
 * through the capture node that names their stream). Each match gives the pipeline id, or
 * the stream id to look the pipeline up by.
 */
const PIPELINE_ROUTES: RegExp[] = [/^\/preview\/([^/]+)\/[^/]+$/, /^\/stills\/([^/]+)\//, /^\/live\/whep\/([^/]+)(?:\/[^/]+)?$/, /^\/live\/program\/([^/]+)\//];
const STREAM_ROUTE = /^\/live\/whip\/([^/]+)(?:\/[^/]+)?$/;

/** How long a stream → pipeline lookup is reused (a WHIP offer and its PATCHes come close together). */
const STREAM_LOOKUP_MS = 2000;

/**
 * On an instance that does not run the pipeline a request is for: 307 to the owner's
 * advertised URL, same path and query (WHIP and WHEP clients follow it, RFC 9725 §4.5), or
 * 503 SF335 while nobody runs it (a takeover is under way). False when the request is for
 * no pipeline, for one this instance runs, or for one that is not deployed: it is served here.
 */
export async function redirectToOwner(app: ShowflowApp, url: URL, res: ServerResponse, req?: IncomingMessage): Promise<boolean> {
  const placement = app.placement;
  if (!placement) return false;
  const pipelineId = await pipelineOfRequest(app.store, url.pathname);
  if (!pipelineId) return false;
  const where = await placement.where(pipelineId);
  if (!where || !where.here) {
    if (where?.url) {
      const offer = req && whipOfferStream(req, url);
      let path = `${url.pathname}${url.search}`;
      if (offer !== undefined) {
        // The token would be dropped on the way to another host: checked here, replaced by a ticket in the path (decision 0084).
        const ticket = await whipTicket(app, offer, req!, res);
        if (ticket === undefined) return true;
        path = `/live/whip/${encodeURIComponent(offer)}/${WHIP_TICKET_PREFIX}${ticket}${url.search}`;
      }
      res.writeHead(307, { location: `${where.url}${path}`, 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ code: 'SF334', message: `pipeline ${pipelineId} runs on instance ${where.instanceId} at ${where.url}` }));
      return true;
    }
    const record = await app.store.getPipeline(pipelineId);
    if (!record || record.activeVersion === null) return false;
    const message = where
      ? `pipeline ${pipelineId} runs on instance ${where.instanceId}, which advertises no URL`
      : `pipeline ${pipelineId} runs on no instance right now; another instance takes it over within ${placement.ttlMs} ms`;
    res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ code: where ? 'SF334' : 'SF335', message }));
    return true;
  }
  return false;
}

/**
 * For tRPC procedures about one running pipeline (metrics, previews): refuses on an
 * instance that does not run it, with SF334 naming the owner's URL, or SF335 mid-takeover.
 */
export async function requireOwner(app: ShowflowApp, pipelineId: string): Promise<void> {
  const placement = app.placement;
  if (!placement || placement.holds(pipelineId)) return;
  const where = await placement.where(pipelineId);
  if (!where || where.here) {
    const record = await app.store.getPipeline(pipelineId);
    if (!where && record && record.activeVersion !== null) {
      throw new ShowflowError('SF335', `pipeline ${pipelineId} runs on no instance right now; another instance takes it over within ${placement.ttlMs} ms`);
    }
    return;
  }
  throw new ShowflowError('SF334', `pipeline ${pipelineId} runs on instance ${where.instanceId}${where.url ? ` at ${where.url}; ask it there` : ''}`);
}

/** The stream of a new WHIP offer (POST to `/live/whip/<stream>`); undefined for anything else. */
function whipOfferStream(req: IncomingMessage, url: URL): string | undefined {
  if (req.method !== 'POST') return undefined;
  const match = /^\/live\/whip\/([^/]+)$/.exec(url.pathname);
  return match ? decode(match[1]) : undefined;
}

/**
 * A one-time ticket for the offer when its bearer token is right; otherwise answers 401 SF602
 * here (nothing written, no redirect) and resolves undefined.
 */
async function whipTicket(app: ShowflowApp, streamId: string, req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  const live = app.services.get(LIVE_SERVICE);
  const header = req.headers.authorization;
  const token = header ? /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() : undefined;
  const ticket = live instanceof LiveRuntime ? await live.ticketFor(streamId, token) : undefined;
  if (ticket === undefined) {
    res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ code: 'SF602', message: `a valid bearer token for stream ${streamId} is required` }));
  }
  return ticket;
}

async function pipelineOfRequest(store: PipelineStore, pathname: string): Promise<string | undefined> {
  for (const route of PIPELINE_ROUTES) {
    const match = route.exec(pathname);
    if (match) return validId(match[1]);
  }
  const stream = STREAM_ROUTE.exec(pathname);
  return stream ? pipelineOfStream(store, decode(stream[1])) : undefined;
}

const streamLookups = new WeakMap<PipelineStore, { at: number; byStream: Promise<Map<string, string>> }>();

/** The deployed pipeline whose active version has a capture node for the stream. */
async function pipelineOfStream(store: PipelineStore, streamId: string | undefined): Promise<string | undefined> {
  if (!streamId) return undefined;
  let cached = streamLookups.get(store);
  if (!cached || performance.now() - cached.at > STREAM_LOOKUP_MS) {
    cached = { at: performance.now(), byStream: streamsOf(store) };
    streamLookups.set(store, cached);
  }
  return (await cached.byStream.catch(() => new Map<string, string>())).get(streamId);
}

async function streamsOf(store: PipelineStore): Promise<Map<string, string>> {
  const byStream = new Map<string, string>();
  for (const record of await store.listPipelines()) {
    if (record.activeVersion === null) continue;
    const version = await store.getVersion(record.id, record.activeVersion);
    for (const node of version?.document.nodes ?? []) {
      const streamId = (node.config as { streamId?: unknown } | undefined)?.streamId;
      if (typeof streamId === 'string') byStream.set(streamId, record.id);
    }
  }
  return byStream;
}

function validId(raw: string): string | undefined {
  const id = decode(raw);
  return id !== undefined && ElementId.safeParse(id).success ? id : undefined;
}

function decode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
