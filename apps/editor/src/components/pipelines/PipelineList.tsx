'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { problemsOf } from '../../api/errors.ts';
import { useRuntimeUrl } from '../../api/RuntimeProvider.tsx';
import { useTRPC } from '../../api/trpc.ts';
import { AirControls } from '../control/AirControls.tsx';
import { DeletePipeline } from './DeletePipeline.tsx';

/** Landing page: every pipeline on the runtime, and a form to start a new one. */
export function PipelineList() {
  const trpc = useTRPC();
  const router = useRouter();
  const runtimeUrl = useRuntimeUrl();
  const [name, setName] = useState('');
  const list = useQuery(trpc.pipelines.list.queryOptions());
  const create = useMutation(trpc.pipelines.create.mutationOptions({ onSuccess: ({ id }) => router.push(`/pipelines/${id}`) }));

  return (
    <div className="sf-page">
      <header className="sf-page-head">
        <span className="sf-brand">Showflow</span>
        <h1>Pipelines</h1>
        <code className="sf-muted">{runtimeUrl}</code>
        <Link href="/templates" data-testid="open-templates">Start from a template</Link>
      </header>
      <form
        className="sf-create"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate({ name: name.trim() });
        }}
      >
        <input className="sf-input" data-testid="new-pipeline-name" placeholder="New pipeline name" value={name} onChange={(e) => setName(e.target.value)} />
        <button className="sf-btn sf-btn-primary" data-testid="create-pipeline" disabled={!name.trim() || create.isPending}>
          Create
        </button>
        {create.error && <span className="sf-field-error">{problemsOf(create.error).message}</span>}
      </form>
      {list.isPending && <p className="sf-muted">Loading…</p>}
      {list.error && (
        <p className="sf-field-error" data-testid="list-error">
          Cannot reach the runtime at {runtimeUrl}: {list.error.message}
        </p>
      )}
      {list.data && (
        <table className="sf-table" data-testid="pipeline-list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Id</th>
              <th>Nodes</th>
              <th>Deployed</th>
              <th>Updated</th>
              <th>Show</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((p) => (
              <tr key={p.id} data-testid={`pipeline-${p.id}`}>
                <td>
                  <Link href={`/pipelines/${p.id}`}>{p.name}</Link>
                </td>
                <td>
                  <code>{p.id}</code>
                </td>
                <td>{p.nodeCount}</td>
                <td>{p.activeVersion ? `v${p.activeVersion}` : '—'}</td>
                <td>{new Date(p.updatedAt).toLocaleString()}</td>
                <td>
                  <AirControls pipelineId={p.id} compact />
                </td>
                <td className="sf-row-actions">
                  <Link href={`/pipelines/${p.id}/control`} data-testid={`control-${p.id}`}>
                    Control room
                  </Link>
                  <DeletePipeline id={p.id} name={p.name} />
                </td>
              </tr>
            ))}
            {!list.data.length && (
              <tr>
                <td colSpan={7} className="sf-muted">
                  No pipelines yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
