import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredAsset } from '../cache/stored-asset.ts';
import { generativeErrorCatalog, type GenerativeErrorCode } from '../errors.ts';
import type { VerifyResult } from '../provenance/record.ts';

/** The part of GenerativeService the handler needs, so it can be mounted on any server. */
export interface AssetSource {
  getAsset(assetHash: string): Promise<StoredAsset | undefined>;
  verify(assetHash: string, record?: unknown): Promise<VerifyResult | undefined>;
}

const ROUTE = /^\/assets\/([^/]+?)(\.png|\.provenance\.json|\/verify)$/;
const HASH = /^[0-9a-f]{64}$/;
const MAX_VERIFY_BODY = 64 * 1024;

/**
 * Serves generated assets:
 *   GET  /assets/<sha256>.png               immutable image, ETag = its hash, 304 on match
 *   GET  /assets/<sha256>.provenance.json   the signed record
 *   POST /assets/<sha256>/verify            {ok, reason?}; optional body {record} to check a copy
 * Resolves false for other paths so the host can try its next handler. Never throws.
 */
export function createAssetHandler(source: AssetSource): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    const match = ROUTE.exec(pathname);
    if (!match) return false;
    const [, hash, kind] = match;
    try {
      const method = req.method ?? 'GET';
      const allowed = kind === '/verify' ? ['POST'] : ['GET', 'HEAD'];
      if (!allowed.includes(method)) {
        sendError(res, 405, 'SF507', `${method} is not supported here`, { allow: allowed.join(', ') });
        return true;
      }
      const asset = HASH.test(hash) ? await source.getAsset(hash) : undefined;
      if (!asset) {
        sendError(res, 404, 'SF507', `no asset with sha256 ${hash.slice(0, 64)}`);
        return true;
      }
      if (kind === '.png') servePng(req, res, asset);
      else if (kind === '.provenance.json') sendJson(res, 200, asset.provenance, { 'cache-control': 'public, max-age=60' }, method === 'HEAD');
      else await serveVerify(req, res, source, hash);
    } catch {
      if (!res.headersSent) sendError(res, 500, 'SF511', 'the asset could not be served');
      else res.destroy();
    }
    return true;
  };
}

function servePng(req: IncomingMessage, res: ServerResponse, asset: StoredAsset): void {
  const etag = `"${asset.assetHash}"`;
  const headers = { etag, 'cache-control': 'public, max-age=31536000, immutable' };
  if (etagMatches(req.headers['if-none-match'], asset.assetHash)) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': 'image/png', 'content-length': asset.bytes.length, 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : asset.bytes);
}

/** If-None-Match may list several tags, weak or strong, or `*`. */
function etagMatches(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === `"${hash}"` || t === `W/"${hash}"`;
  });
}

async function serveVerify(req: IncomingMessage, res: ServerResponse, source: AssetSource, hash: string): Promise<void> {
  const body = await readBody(req);
  if (body === 'too-large') return sendError(res, 413, 'SF509', `verify body is over ${MAX_VERIFY_BODY} bytes`);
  let record: unknown;
  if (body.length) {
    try {
      record = (JSON.parse(body.toString('utf8')) as { record?: unknown }).record;
    } catch {
      return sendError(res, 400, 'SF509', 'verify body is not JSON; send {} or {"record": {...}}');
    }
  }
  const result = await source.verify(hash, record);
  if (!result) return sendError(res, 404, 'SF507', `no asset with sha256 ${hash}`);
  sendJson(res, 200, result, { 'cache-control': 'no-store' });
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_VERIFY_BODY) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}, headOnly = false): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(headOnly ? undefined : text);
}

function sendError(res: ServerResponse, status: number, code: GenerativeErrorCode, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, title: generativeErrorCatalog[code], message } }, headers);
}
