import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestAuth, roleRefusal, statusOf, type Role } from '../auth/index.ts';
import type { ApiMeta } from './trpc.ts';
import { appRouter } from './router.ts';

type Procedures = Record<string, { _def: { type: string; meta?: ApiMeta } } | undefined>;

/** The role a subscription needs, or undefined when `procedurePath` is not a guarded subscription. */
export function subscriptionRole(procedurePath: string): Role | undefined {
  const procedure = (appRouter._def.procedures as unknown as Procedures)[procedurePath];
  const role = procedure?._def.meta?.role;
  return procedure?._def.type === 'subscription' && role && role !== 'public' ? role : undefined;
}

/**
 * tRPC answers a subscription with `200 text/event-stream` before its middleware runs, and a
 * refusal then arrives as an event. A refused caller gets a plain 401/403 instead (the same
 * body as a refused query), so browsers and clients see it for what it is.
 */
export async function refuseSubscription(req: IncomingMessage, res: ServerResponse, procedurePath: string, role: Role): Promise<boolean> {
  const refusal = roleRefusal(await requestAuth(req), role);
  if (!refusal) return false;
  const status = statusOf(refusal);
  const code = status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN';
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(
    JSON.stringify({
      error: { message: refusal.message, code: status === 401 ? -32001 : -32003, data: { code, httpStatus: status, path: procedurePath, showflow: { code: refusal.code, problems: [] } } },
    }),
  );
  return true;
}
