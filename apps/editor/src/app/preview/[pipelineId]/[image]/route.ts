import type { NextRequest } from 'next/server';
import { forwardToRuntime } from '../../../../api/runtime-proxy.ts';
import { readEnv } from '../../../../env.ts';

// A node's newest picture changes every frame: never cached, never prerendered.
export const dynamic = 'force-dynamic';

/**
 * `/preview/<pipeline>/<node>.jpg` on the editor's origin → the runtime's same path, so the
 * canvas thumbnails carry the editor's session cookie (docs/decisions/0042); the runtime
 * checks the caller and the ids.
 */
export function GET(req: NextRequest): Promise<Response> {
  return forwardToRuntime(req, readEnv().runtimeUrl, req.nextUrl.pathname);
}
