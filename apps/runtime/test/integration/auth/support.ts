import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Reply {
  status: number;
  /** The catalogue code of a refusal (tRPC `data.showflow.code` or REST `error.code`). */
  code?: string;
  headers: Headers;
  body: unknown;
}

/** Calls one tRPC procedure the way a plain HTTP client would, whatever its kind. */
export async function callProcedure(base: string, procedurePath: string, type: 'query' | 'mutation' | 'subscription', headers: Record<string, string> = {}, input: unknown = {}): Promise<Reply> {
  const url = `${base}/trpc/${procedurePath}`;
  const encoded = `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const controller = new AbortController();
  const res =
    type === 'mutation'
      ? await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) })
      : await fetch(url + encoded, { headers: { ...(type === 'subscription' ? { accept: 'text/event-stream' } : {}), ...headers }, signal: controller.signal });
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    controller.abort();
    return { status: res.status, headers: res.headers, body: null };
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  const error = (body as { error?: { data?: { showflow?: { code?: string } }; code?: string } } | null)?.error;
  return { status: res.status, code: error?.data?.showflow?.code ?? (typeof error?.code === 'string' ? error.code : undefined), headers: res.headers, body };
}

/** Every file under `dir` with its size and content hash: compared before and after refused calls. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out[path.relative(dir, full)] = `${statSync(full).size}:${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}
