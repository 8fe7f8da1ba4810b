'use client';

import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { formatProblem } from '@showflow/shared';
import { problemsOf } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';

/** Saves a file in the browser without a server round trip. */
function download(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * Exports a pipeline's draft as a template file. Parameters are chosen when sharing from
 * the CLI (`showflow template export --params`); this exports the flow as it is.
 */
export function ExportTemplate({ initialPipelineId }: { initialPipelineId?: string }) {
  const trpc = useTRPC();
  const pipelines = useQuery(trpc.pipelines.list.queryOptions());
  const [pipelineId, setPipelineId] = useState(initialPipelineId ?? '');
  const [author, setAuthor] = useState('');
  const chosen = pipelines.data?.find((p) => p.id === pipelineId);
  const exporting = useMutation(trpc.templates.export.mutationOptions({ onSuccess: ({ template, fileName }) => download(fileName, template) }));

  return (
    <form
      className="sf-create"
      data-testid="template-export"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen && author.trim()) exporting.mutate({ pipelineId: chosen.id, params: [], meta: { name: chosen.name, author: author.trim() } });
      }}
    >
      <select className="sf-input" data-testid="export-pipeline" value={pipelineId} onChange={(e) => setPipelineId(e.target.value)}>
        <option value="">Pipeline to export…</option>
        {pipelines.data?.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <input className="sf-input" data-testid="export-author" placeholder="Author / studio" value={author} onChange={(e) => setAuthor(e.target.value)} />
      <button className="sf-btn" data-testid="export-template" disabled={!chosen || !author.trim() || exporting.isPending}>
        Download template
      </button>
      {exporting.error && <span className="sf-field-error">{problemsOf(exporting.error).problems.map(formatProblem).join('; ') || problemsOf(exporting.error).message}</span>}
    </form>
  );
}
