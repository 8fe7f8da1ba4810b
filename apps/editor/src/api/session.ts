import type { QueryClient } from '@tanstack/react-query';

/**
 * Pages anyone may open: the viewers' watch page, the sign-in page itself, and the
 * performance harness (a synthetic graph that reads nothing from the runtime; the
 * render benchmark opens it with no runtime behind the editor).
 */
export function isPublicPath(pathname: string): boolean {
  return pathname.startsWith('/watch/') || pathname === '/signin' || pathname === '/perf';
}

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && next !== '/signin' ? next : '/';
}

/** tRPC v11 keys queries as [[...path], {...}]. */
const isAuthMe = (key: readonly unknown[]) => Array.isArray(key[0]) && key[0][0] === 'auth' && key[0][1] === 'me';

/** A call refused for want of a session (expired, signed out elsewhere): re-ask who we are, so the page says so. */
export function onApiError(queryClient: QueryClient, error: unknown): void {
  const code = (error as { data?: { code?: string } } | null)?.data?.code;
  if (code === 'UNAUTHORIZED') void queryClient.invalidateQueries({ predicate: (q) => isAuthMe(q.queryKey) });
}
