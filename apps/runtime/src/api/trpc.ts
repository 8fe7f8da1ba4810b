import { initTRPC, TRPCError } from '@trpc/server';
import { ShowflowError, problem, type ErrorCode, type Problem } from '@showflow/shared';
import type { ShowflowApp } from '../service/app.ts';

export interface ApiContext {
  app: ShowflowApp;
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
};

/** Catalogue errors become tRPC errors with a matching HTTP status; the original stays as `cause`. */
export function toTrpcError(err: unknown): unknown {
  if (err instanceof ShowflowError) {
    const code = trpcCodeFor[err.code] ?? (err.code.startsWith('SF1') || err.code === 'SF303' ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
    return new TRPCError({ code, message: err.message, cause: err });
  }
  return err;
}

function describe(error: TRPCError): ShowflowErrorData {
  const cause = error.cause;
  if (cause instanceof ShowflowError) return { code: cause.code, problems: cause.problems };
  // Input that fails a procedure's schema: report each issue with its path.
  const issues = (cause as { issues?: { message: string; path?: PropertyKey[] }[] } | undefined)?.issues;
  if (Array.isArray(issues)) {
    return {
      code: 'SF303',
      problems: issues.map((i) => problem('SF303', i.message, (i.path ?? []).map((p) => (typeof p === 'number' ? p : String(p))))),
    };
  }
  if (error.code === 'NOT_FOUND') return { code: 'SF301', problems: [] };
  return { code: 'SF303', problems: [] };
}

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    return { ...shape, data: { ...shape.data, stack: undefined, showflow: describe(error) } };
  },
});

const catalogueErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ShowflowError) {
    const mapped = toTrpcError(result.error.cause) as TRPCError;
    return { ...result, error: mapped };
  }
  return result;
});

export const router = t.router;
export const procedure = t.procedure.use(catalogueErrors);
export const createCallerFactory = t.createCallerFactory;
