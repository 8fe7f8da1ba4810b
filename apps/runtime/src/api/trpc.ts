import type { IncomingMessage, ServerResponse } from 'node:http';
import { initTRPC, TRPCError } from '@trpc/server';
import { ShowflowError, errorCatalog, problem, type ErrorCode, type Problem } from '@showflow/shared';
import type { ShowflowApp } from '../service/app.ts';
import { roleRefusal, type AuthSettings, type Identity, type RequestAuth, type Role } from '../auth/index.ts';

export interface ApiContext {
  app: ShowflowApp;
  /** Who is calling: built from the session cookie or bearer token by the HTTP listener. */
  auth: RequestAuth;
  /** Sign-in, users and tokens; absent when the API runs without HTTP (in-process callers). */
  identity?: Identity;
  /** The HTTP exchange, for setting and clearing the session cookie. */
  http?: { req: IncomingMessage; res: ServerResponse };
  /** Editor origins besides localhost ones (SHOWFLOW_EDITOR_ORIGINS, SHOWFLOW_PUBLIC_HOSTS). */
  origins?: Pick<AuthSettings, 'trustedOrigins' | 'trustedHosts'>;
}

/** Every procedure declares who may call it; the API tests read this to check each one refuses everyone else. */
export interface ApiMeta {
  role: Role | 'public';
}

/** What every API error carries for the editor: the catalogue code and each problem with its JSON path. */
export interface ShowflowErrorData {
  code: ErrorCode;
  problems: Problem[];
}

const trpcCodeFor: Partial<Record<ErrorCode, TRPCError['code']>> = {
  SF301: 'NOT_FOUND',
  SF302: 'NOT_FOUND',
  SF304: 'PRECONDITION_FAILED',
  SF310: 'UNAUTHORIZED',
  SF311: 'FORBIDDEN',
  SF312: 'UNAUTHORIZED',
  SF313: 'TOO_MANY_REQUESTS',
  SF314: 'UNAUTHORIZED',
  SF315: 'UNAUTHORIZED',
  SF316: 'CONFLICT',
  SF317: 'BAD_REQUEST',
  SF318: 'NOT_FOUND',
  SF319: 'CONFLICT',
  SF140: 'PAYLOAD_TOO_LARGE',
  SF141: 'PAYLOAD_TOO_LARGE',
  SF320: 'FORBIDDEN',
  SF321: 'FORBIDDEN',
  SF322: 'UNSUPPORTED_MEDIA_TYPE',
  SF323: 'BAD_REQUEST',
  SF324: 'PAYLOAD_TOO_LARGE',
  SF334: 'PRECONDITION_FAILED',
  SF335: 'SERVICE_UNAVAILABLE',
  SF401: 'CONFLICT',
  SF402: 'CONFLICT',
  SF403: 'CONFLICT',
  SF404: 'PRECONDITION_FAILED',
  SF405: 'BAD_REQUEST',
  SF406: 'UNPROCESSABLE_CONTENT',
  SF407: 'NOT_FOUND',
  SF408: 'BAD_REQUEST',
  SF409: 'CONFLICT',
  SF501: 'TOO_MANY_REQUESTS',
  SF502: 'TOO_MANY_REQUESTS',
  SF504: 'TIMEOUT',
  SF507: 'NOT_FOUND',
  SF508: 'TOO_MANY_REQUESTS',
  SF509: 'BAD_REQUEST',
  SF601: 'BAD_REQUEST',
  SF602: 'UNAUTHORIZED',
  SF603: 'CONFLICT',
  SF606: 'NOT_FOUND',
  SF607: 'BAD_REQUEST',
  SF220: 'CONFLICT',
  SF221: 'BAD_REQUEST',
  SF222: 'NOT_FOUND',
  SF655: 'CONFLICT',
  SF656: 'PRECONDITION_FAILED',
  SF657: 'PRECONDITION_FAILED',
};

/** Any error that carries a catalogue code: ShowflowError, or a layer's own error class (generative, commerce, live). */
export function coded(err: unknown): { code: ErrorCode; message: string; problems: Problem[] } | undefined {
  if (err instanceof ShowflowError) return { code: err.code, message: err.message, problems: err.problems };
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in errorCatalog && err instanceof Error) {
    return { code: code as ErrorCode, message: err.message, problems: [] };
  }
  return undefined;
}

/** Catalogue errors become tRPC errors with a matching HTTP status; the original stays as `cause`. */
export function toTrpcError(err: unknown): unknown {
  const known = coded(err);
  if (known) {
    const code = trpcCodeFor[known.code] ?? (known.code.startsWith('SF1') || known.code === 'SF303' ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
    return new TRPCError({ code, message: known.message, cause: err as Error });
  }
  return err;
}

function describe(error: TRPCError): ShowflowErrorData {
  const cause = error.cause;
  const known = coded(cause);
  if (known) return { code: known.code, problems: known.problems };
  // Input that fails a procedure's schema: report each issue with its path.
  const issues = (cause as { issues?: { message: string; path?: PropertyKey[] }[] } | undefined)?.issues;
  if (Array.isArray(issues)) {
    return {
      code: 'SF303',
      problems: issues.map((i) => problem('SF303', i.message, (i.path ?? []).map((p) => (typeof p === 'number' ? p : String(p))))),
    };
  }
  if (error.code === 'NOT_FOUND') return { code: 'SF301', problems: [] };
  // The adapter stops reading a streamed body at maxBodySize (the guard refuses declared ones).
  if (error.code === 'PAYLOAD_TOO_LARGE') return { code: 'SF324', problems: [problem('SF324', error.message, ['body'])] };
  return { code: 'SF303', problems: [] };
}

const t = initTRPC.context<ApiContext>().meta<ApiMeta>().create({
  errorFormatter({ shape, error }) {
    return { ...shape, data: { ...shape.data, stack: undefined, showflow: describe(error) } };
  },
});

const catalogueErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && coded(result.error.cause)) {
    const mapped = toTrpcError(result.error.cause) as TRPCError;
    return { ...result, error: mapped };
  }
  return result;
});

/** Runs before input parsing, so a refused caller learns nothing about inputs and nothing runs. */
function requiring(role: Role) {
  return t.procedure
    .meta({ role })
    .use(catalogueErrors)
    .use(({ ctx, next }) => {
      const refusal = roleRefusal(ctx.auth, role);
      if (refusal) throw refusal;
      return next();
    });
}

export const router = t.router;
/** Anyone, signed in or not: sign-in itself, who am I, health. */
export const publicProcedure = t.procedure.meta({ role: 'public' }).use(catalogueErrors);
/** Reads: pipelines, versions, metrics, previews. */
export const viewerProcedure = requiring('viewer');
/** Changes to the show: save, deploy, go live, cue, import. */
export const producerProcedure = requiring('producer');
/** Users and API tokens. */
export const ownerProcedure = requiring('owner');
/** A procedure that does not say otherwise changes the show, so it needs a producer. */
export const procedure = producerProcedure;
export const createCallerFactory = t.createCallerFactory;
