import type { IncomingMessage } from 'node:http';
import { CommerceError } from '../errors.ts';

const maxBodyBytes = 64 * 1024;

/** Reads a JSON body; an empty body reads as `{}`. Refuses oversize or malformed input with SF408. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new CommerceError('SF408', `body is larger than ${maxBodyBytes} bytes`, ['body']);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CommerceError('SF408', `body is not valid JSON: ${(error as Error).message}`, ['body']);
  }
}
