import type { IncomingMessage, ServerResponse } from 'node:http';
import { LiveError } from './errors.ts';
import type { IngestGateway } from './gateway.ts';
import { bearerToken, readBody, sendError, setCors } from './http-util.ts';
import { findSdpProblem } from './sdp-check.ts';
import type { ViewerHub } from './viewer-hub.ts';

export interface LiveHandlerOptions {
  /** Mounts WHEP viewing (`/live/whep/...`) when given. */
  viewers?: ViewerHub;
  /** Path prefix (default `/live`). */
  basePath?: string;
}

const MAX_SDP_BYTES = 64 * 1024;

/**
 * `/live/whip/<stream>/ticket-<ticket>`: where an instance that does not run the stream's
 * pipeline sends a WHIP offer whose token it checked (307). Clients drop `Authorization` when
 * a redirect changes host, so the one-time ticket in the path carries the permission instead.
 */
export const WHIP_TICKET_PREFIX = 'ticket-';

export type LiveHttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * WHIP-style ingest and WHEP-style viewing over plain node:http. Resolves false for
 * requests outside the live paths so the host server can route them elsewhere.
 *
 *   POST   /live/whip/:streamId             offer in, 201 + answer + Location
 *   PATCH  /live/whip/:streamId/:sessionId  trickled candidates (application/trickle-ice-sdpfrag)
 *   DELETE /live/whip/:streamId/:sessionId  end the sender session
 *   POST   /live/whep/:pipelineId           viewer offer in, 201 + answer + Location
 *   DELETE /live/whep/:pipelineId/:sessionId
 */
export function createLiveHandler(gateway: IngestGateway, options: LiveHandlerOptions = {}): LiveHttpHandler {
  const base = options.basePath ?? '/live';
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${base}/`)) return false;
    const [kind, rawId, rawSession, ...rest] = url.pathname.slice(base.length + 1).split('/');
    if ((kind !== 'whip' && kind !== 'whep') || !rawId || rest.length) return false;
    if (kind === 'whep' && !options.viewers) return false;
    const id = decodeURIComponent(rawId);
    const sessionId = rawSession ? decodeURIComponent(rawSession) : undefined;
    setCors(res);
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
      } else if (kind === 'whip') {
        await handleWhip(gateway, req, res, id, sessionId, `${base}/whip`);
      } else {
        await handleWhep(options.viewers as ViewerHub, req, res, id, sessionId, `${base}/whep`);
      }
    } catch (error) {
      const live = error instanceof LiveError ? error : new LiveError('SF610', `negotiation failed: ${(error as Error).message}`, 500);
      if (!res.headersSent) sendError(res, live);
      else res.end();
    }
    return true;
  };
}

async function handleWhip(
  gateway: IngestGateway,
  req: IncomingMessage,
  res: ServerResponse,
  streamId: string,
  sessionId: string | undefined,
  prefix: string,
): Promise<void> {
  const ticket = sessionId?.startsWith(WHIP_TICKET_PREFIX) ? sessionId.slice(WHIP_TICKET_PREFIX.length) : undefined;
  if (ticket !== undefined) {
    // An offer redirected by another instance that checked the token: the ticket stands in for it, once.
    if (req.method !== 'POST') throw methodNotAllowed('POST');
    if (!(await gateway.redeemTicket(streamId, ticket))) {
      throw new LiveError('SF615', `the redirect ticket for stream ${streamId} is unknown, used or expired; send the offer again with the token`, 401);
    }
    sessionId = undefined;
  } else if (!(await gateway.authorize(streamId, bearerToken(req)))) {
    res.setHeader('WWW-Authenticate', 'Bearer');
    throw new LiveError('SF602', `a valid bearer token for stream ${streamId} is required`, 401);
  }
  if (!sessionId) {
    if (req.method !== 'POST') throw methodNotAllowed('POST');
    const offer = await readBody(req, MAX_SDP_BYTES);
    const problem = findSdpProblem(offer);
    if (problem) throw new LiveError('SF601', problem, 400);
    const { sessionId: created, answer } = await gateway.openWhipSession(streamId, offer);
    sendAnswer(res, answer, `${prefix}/${encodeURIComponent(streamId)}/${created}`);
    return;
  }
  const session = gateway.session(sessionId);
  if (!session || session.streamId !== streamId) throw new LiveError('SF606', `no session ${sessionId} on stream ${streamId}`, 404);
  if (req.method === 'DELETE') {
    gateway.endSession(sessionId);
    res.writeHead(200).end();
  } else if (req.method === 'PATCH') {
    // Offers are sent with candidates gathered (no trickle); late candidates are accepted and
    // ignored because the gateway learns the sender's address from its connectivity checks.
    await readBody(req, MAX_SDP_BYTES);
    res.writeHead(204).end();
  } else {
    throw methodNotAllowed('DELETE, PATCH');
  }
}

async function handleWhep(
  hub: ViewerHub,
  req: IncomingMessage,
  res: ServerResponse,
  pipelineId: string,
  sessionId: string | undefined,
  prefix: string,
): Promise<void> {
  if (!sessionId) {
    if (req.method !== 'POST') throw methodNotAllowed('POST');
    const offer = await readBody(req, MAX_SDP_BYTES);
    const problem = findSdpProblem(offer);
    if (problem) throw new LiveError('SF601', problem, 400);
    const { sessionId: created, answer } = await hub.openWhepSession(pipelineId, offer);
    sendAnswer(res, answer, `${prefix}/${encodeURIComponent(pipelineId)}/${created}`);
    return;
  }
  if (req.method !== 'DELETE') throw methodNotAllowed('DELETE');
  if (!hub.endSession(pipelineId, sessionId)) throw new LiveError('SF606', `no viewer session ${sessionId}`, 404);
  res.writeHead(200).end();
}

function sendAnswer(res: ServerResponse, answer: string, location: string): void {
  res.writeHead(201, { 'Content-Type': 'application/sdp', Location: location });
  res.end(answer);
}

function methodNotAllowed(allow: string): LiveError {
  return new LiveError('SF606', `method not allowed here; use ${allow}`, 405);
}
