import type { NextRequest } from 'next/server';
import { forwardToRuntime } from '../../../api/runtime-proxy.ts';
import { readEnv } from '../../../env.ts';

// Every call is live: never cached, never prerendered.
export const dynamic = 'force-dynamic';

/** `/trpc/*` on the editor's origin → the runtime's `/trpc/*` (queries, mutations, SSE). */
function forward(req: NextRequest): Promise<Response> {
  return forwardToRuntime(req, readEnv().runtimeUrl, `${req.nextUrl.pathname}${req.nextUrl.search}`);
}

export const GET = forward;
export const POST = forward;
