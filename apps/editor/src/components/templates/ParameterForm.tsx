'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { formatProblem, type ParameterDef } from '@showflow/shared';
import { problemsOf } from '../../api/errors.ts';
import { useTRPC } from '../../api/trpc.ts';
import { ParameterField } from './ParameterField.tsx';
import { fromFieldText, toFieldText } from './template-values.ts';

interface Props {
  galleryId: string;
  templateName: string;
  parameters: Record<string, ParameterDef>;
  onCancel(): void;
}

/** The template's parameters as a form, checked as you type; importing opens the new pipeline. */
export function ParameterForm({ galleryId, templateName, parameters, onCancel }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(templateName);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(parameters).map(([k, d]) => [k, toFieldText(d, d.default)])));
  const parsed = useMemo(() => Object.fromEntries(Object.entries(parameters).map(([k, d]) => [k, fromFieldText(d, texts[k] ?? '')])), [parameters, texts]);
  const invalid = Object.values(parsed).some((p) => p.error);
  const importing = useMutation(trpc.templates.import.mutationOptions({ onSuccess: ({ id }) => router.push(`/pipelines/${id}`) }));

  return (
    <form
      className="sf-template-form"
      data-testid="template-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (invalid) return;
        const values = Object.fromEntries(Object.entries(parsed).map(([k, p]) => [k, p.value]));
        importing.mutate({ galleryId, values, name: name.trim() || templateName });
      }}
    >
      <h2>Use “{templateName}”</h2>
      <div className="sf-field">
        <label htmlFor="template-pipeline-name">New pipeline name</label>
        <input id="template-pipeline-name" data-testid="template-pipeline-name" className="sf-input" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      {Object.entries(parameters).map(([key, def]) => (
        <ParameterField key={key} name={key} def={def} text={texts[key] ?? ''} error={parsed[key]?.error} onChange={(text) => setTexts((t) => ({ ...t, [key]: text }))} />
      ))}
      {importing.error && (
        <ul className="sf-field-error" data-testid="template-import-error">
          {(problemsOf(importing.error).problems.length ? problemsOf(importing.error).problems.map(formatProblem) : [problemsOf(importing.error).message]).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <div style={{ display: 'flex', gap: 8 }}>
        <button className="sf-btn sf-btn-primary" data-testid="template-import" disabled={invalid || importing.isPending}>
          Create pipeline
        </button>
        <button type="button" className="sf-btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
