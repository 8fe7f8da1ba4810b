/**
 * The editor's browser code reaches the runtime's tRPC API through the editor's own origin
 * (`/trpc/...`), so the session cookie belongs to the editor's site: a SameSite cookie set
 * by http://127.0.0.1:4100 would never be sent from a page on http://localhost:3000, and
 * under a real host name the runtime can stay private behind the editor
 * (docs/decisions/0042). Bodies and answers stream through untouched, so `metrics.live`
 * (server-sent events) keeps streaming.
 */
const forwardedRequestHeaders = ['accept', 'content-type', 'cookie', 'origin', 'authorization', 'last-event-id', 'trpc-accept', 'x-trpc-source', 'user-agent'];
const returnedHeaders = ['content-type', 'cache-control', 'www-authenticate', 'retry-after', 'vary', 'x-accel-buffering', 'x-frame-seq'];

export async function forwardToRuntime(req: Request, runtimeUrl: string, pathAndQuery: string): Promise<Response> {
  const incoming = new URL(req.url);
  const headers = new Headers();
  for (const name of forwardedRequestHeaders) {
    const value = req.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // The runtime marks the cookie Secure when the browser came over HTTPS, and throttles sign-in per browser address.
  headers.set('x-forwarded-proto', req.headers.get('x-forwarded-proto') ?? incoming.protocol.replace(':', ''));
  const forwardedFor = req.headers.get('x-forwarded-for');
  if (forwardedFor) headers.set('x-forwarded-for', forwardedFor);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(`${runtimeUrl}${pathAndQuery}`, {
      method: req.method,
      headers,
      body: hasBody ? req.body : undefined,
      // Needed by Node's fetch to stream a request body.
      ...(hasBody ? { duplex: 'half' } : {}),
      redirect: 'manual',
      cache: 'no-store',
      signal: req.signal,
    } as RequestInit);
  } catch (err) {
    const message = `the editor cannot reach the runtime at ${runtimeUrl}: ${(err as Error).message}`;
    return Response.json({ error: { message, code: -32603, data: { code: 'BAD_GATEWAY', httpStatus: 502, showflow: { code: 'SF303', problems: [] } } } }, { status: 502 });
  }
  const out = new Headers();
  for (const name of returnedHeaders) {
    const value = upstream.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
  return new Response(upstream.body, { status: upstream.status, headers: out });
}
