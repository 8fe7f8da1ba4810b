'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isPublicPath } from './session.ts';
import { useTRPC } from './trpc.ts';
import '../app/signin/signin.css';

/**
 * Editor pages need a signed-in user; the watch page and the sign-in page do not. While
 * signed out the page says so plainly and offers the sign-in page, instead of a screen of
 * failed requests.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? '/';
  const trpc = useTRPC();
  const open = isPublicPath(pathname);
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { enabled: !open, refetchInterval: 60_000, retry: false }));
  if (open) return <>{children}</>;
  if (me.isPending) return <p className="sf-center sf-muted">Checking sign-in…</p>;
  if (me.error) {
    return (
      <div className="sf-center" data-testid="runtime-unreachable">
        <p className="sf-field-error">Cannot reach the runtime: {me.error.message}</p>
      </div>
    );
  }
  if (!me.data.signedIn) {
    return (
      <div className="sf-center sf-signed-out" data-testid="signed-out">
        <h1>{me.data.reason === 'SF314' ? 'Your session has ended' : 'You are signed out'}</h1>
        <p className="sf-muted">Sign in to design, deploy and run show pipelines. Watch pages stay open to everyone.</p>
        <Link className="sf-btn sf-btn-primary" href={`/signin?next=${encodeURIComponent(pathname)}`} data-testid="go-sign-in">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <>
      {children}
      <SessionBadge name={me.data.name} role={me.data.role} />
    </>
  );
}

function SessionBadge({ name, role }: { name: string; role: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      // Forget everything the signed-in user could see, then show the signed-out state.
      onSuccess: () => queryClient.resetQueries(),
    }),
  );
  return (
    <div className="sf-session" data-testid="session-badge">
      <span>
        {name} · <span className="sf-muted">{role}</span>
      </span>
      {role === 'owner' && (
        <Link href="/access" className="sf-btn sf-btn-small" data-testid="open-access">
          Access
        </Link>
      )}
      <button className="sf-btn sf-btn-small" data-testid="sign-out" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
        Sign out
      </button>
    </div>
  );
}
