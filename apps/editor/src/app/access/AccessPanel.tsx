'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { problemsOf } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import '../signin/signin.css';

const roles = ['viewer', 'producer', 'owner'] as const;
type Role = (typeof roles)[number];

/** Owners' page: who may sign in, and the API tokens scripts and CI use (a new token is shown once). */
export function AccessPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ predicate: (q) => Array.isArray(q.queryKey[0]) && ['users', 'tokens'].includes(String(q.queryKey[0][0])) });
  const [user, setUser] = useState({ name: '', password: '', role: 'producer' as Role });
  const [token, setToken] = useState({ name: '', role: 'producer' as Role });
  const addUser = useMutation(trpc.users.create.mutationOptions({ onSuccess: () => (setUser({ name: '', password: '', role: 'producer' }), refresh()) }));
  const createToken = useMutation(trpc.tokens.create.mutationOptions({ onSuccess: () => refresh() }));
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: () => refresh() }));

  if (users.error) return <p className="sf-center sf-field-error" data-testid="access-refused">{problemsOf(users.error).message}</p>;
  return (
    <div className="sf-page sf-access">
      <header className="sf-page-head">
        <Link href="/" className="sf-brand">Showflow</Link>
        <h1>Access</h1>
      </header>

      <h2>Users</h2>
      <table className="sf-table" data-testid="users">
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td className="sf-muted">{u.role}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="sf-create" onSubmit={(e) => (e.preventDefault(), addUser.mutate(user))}>
        <input className="sf-input" placeholder="User name" value={user.name} onChange={(e) => setUser({ ...user, name: e.target.value })} required />
        <input className="sf-input" type="password" autoComplete="new-password" placeholder="Password (10+ characters)" value={user.password} onChange={(e) => setUser({ ...user, password: e.target.value })} required />
        <RoleSelect value={user.role} onChange={(role) => setUser({ ...user, role })} />
        <button className="sf-btn" disabled={addUser.isPending}>Add user</button>
        {addUser.error && <span className="sf-field-error">{problemsOf(addUser.error).message}</span>}
      </form>

      <h2>API tokens</h2>
      <table className="sf-table" data-testid="tokens">
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id} data-testid={`token-${t.name}`}>
              <td>{t.name}</td>
              <td className="sf-muted">{t.role}</td>
              <td className="sf-muted">{t.revokedAt ? `revoked ${new Date(t.revokedAt).toLocaleString()}` : 'active'}</td>
              <td>
                {!t.revokedAt && (
                  <button className="sf-btn sf-btn-small" data-testid={`revoke-${t.name}`} onClick={() => revoke.mutate({ id: t.id })}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="sf-create" onSubmit={(e) => (e.preventDefault(), createToken.mutate(token))}>
        <input className="sf-input" placeholder="Token name (e.g. ci)" data-testid="token-name" value={token.name} onChange={(e) => setToken({ ...token, name: e.target.value })} required />
        <RoleSelect value={token.role} onChange={(role) => setToken({ ...token, role })} />
        <button className="sf-btn" data-testid="create-token" disabled={createToken.isPending}>Create token</button>
      </form>
      {createToken.data && (
        <p className="sf-hint" data-testid="new-token">
          Copy it now, it is not shown again: <code>{createToken.data.token}</code>
        </p>
      )}
    </div>
  );
}

function RoleSelect({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  return (
    <select className="sf-input" value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {roles.map((r) => (
        <option key={r}>{r}</option>
      ))}
    </select>
  );
}
