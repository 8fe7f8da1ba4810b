'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { problemsOf } from '../../api/errors.ts';
import { safeNext } from '../../api/session.ts';
import { useTRPC } from '../../api/trpc.ts';

/** User name and password; the runtime answers with an HttpOnly session cookie for this site. */
export function SignInForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: async () => {
        await queryClient.resetQueries();
        router.replace(safeNext(new URLSearchParams(window.location.search).get('next')));
      },
    }),
  );
  return (
    <form
      className="sf-signin"
      data-testid="sign-in-form"
      onSubmit={(e) => {
        e.preventDefault();
        signIn.mutate({ name: name.trim(), password });
      }}
    >
      <span className="sf-brand">Showflow</span>
      <h1>Sign in</h1>
      <label>
        User name
        <input className="sf-input" name="username" autoComplete="username" data-testid="sign-in-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Password
        <input className="sf-input" name="password" type="password" autoComplete="current-password" data-testid="sign-in-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <button className="sf-btn sf-btn-primary" data-testid="sign-in-submit" disabled={signIn.isPending || !name.trim() || !password}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
      {signIn.error && (
        <p className="sf-field-error" role="alert" data-testid="sign-in-error">
          {problemsOf(signIn.error).message}
        </p>
      )}
      <p className="sf-hint">First start? The runtime printed the owner’s password once in its console.</p>
    </form>
  );
}
