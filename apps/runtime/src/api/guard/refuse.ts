import type { ServerResponse } from 'node:http';
import { errorCatalog, problem, type ErrorCode, type JsonPath } from '@showflow/shared';

/** JSON-RPC numbers tRPC clients read for these statuses. */
const trpcShape: Record<number, { name: string; number: number }> = {
  400: { name: 'BAD_REQUEST', number: -32600 },
  403: { name: 'FORBIDDEN', number: -32003 },
  413: { name: 'PAYLOAD_TOO_LARGE', number: -32413 },
  415: { name: 'UNSUPPORTED_MEDIA_TYPE', number: -32415 },
};

export interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
  /** Where in the request: ['headers', 'host'], ['body'], ['batch']. */
  path: JsonPath;
}

/**
 * Answers a refused request without reading its body. tRPC routes get tRPC's error envelope
 * so the editor's client shows the code; other routes get `{code, message, path}` like the
 * live and commerce routes. The connection closes so an unread body is not drained.
 */
export function refuse(res: ServerResponse, refusal: Refusal, trpc: boolean): void {
  const { status, code, message, path } = refusal;
  const body = trpc
    ? {
        error: {
          message,
          code: trpcShape[status]?.number ?? -32600,
          data: { code: trpcShape[status]?.name ?? 'BAD_REQUEST', httpStatus: status, showflow: { code, problems: [problem(code, message, path)] } },
        },
      }
    : { code, message, path, title: errorCatalog[code] };
  res.shouldKeepAlive = false;
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(body));
}
