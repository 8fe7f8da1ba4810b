import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProgramOutError } from '../errors.ts';

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    total += part.byteLength;
    if (total > limitBytes) throw new ProgramOutError('SF637', `body exceeds ${limitBytes} bytes`, 413);
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Players run in pages of any origin (embeds, other sites): the program's viewer routes
 * are public (decision 0031), so any origin may read the answer, Location and ETag.
 */
export function setWhepCors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, If-Match, Authorization');
  res.setHeader('Access-Control-Expose-Headers', 'Location, ETag, Link');
  res.setHeader('Access-Control-Max-Age', '600');
}

export function sendProgramError(res: ServerResponse, err: unknown): void {
  const error = err instanceof ProgramOutError ? err : new ProgramOutError('SF631', (err as Error).message ?? String(err), 500);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(error.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(error.toJSON()));
}
