import type { IncomingMessage, ServerResponse } from 'node:http';
import { LiveError } from './errors.ts';

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    total += part.byteLength;
    if (total > limitBytes) throw new LiveError('SF609', `body exceeds ${limitBytes} bytes`, 413);
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** WHIP/WHEP clients run in pages of other origins; Location and Retry-After must be readable by them. */
export function setCors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'POST, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-Match');
  res.setHeader('Access-Control-Expose-Headers', 'Location, ETag, Retry-After');
}

export function sendError(res: ServerResponse, error: LiveError): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(error.retryAfterSeconds);
  res.writeHead(error.status, headers);
  res.end(JSON.stringify({ code: error.code, message: error.message }));
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match?.[1]?.trim();
}
