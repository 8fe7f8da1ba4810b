import type { ErrorCode, Problem } from '@showflow/shared';

/** The runtime attaches `data.showflow = { code, problems }` to every API error. */
export function problemsOf(error: unknown): { code: ErrorCode | undefined; problems: Problem[]; message: string } {
  const e = error as { message?: string; data?: { showflow?: { code?: ErrorCode; problems?: Problem[] } } } | null;
  const showflow = e?.data?.showflow;
  return { code: showflow?.code, problems: showflow?.problems ?? [], message: e?.message ?? String(error) };
}
