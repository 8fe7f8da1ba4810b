'use client';

import { useMemo } from 'react';
import { formatPath } from '@showflow/shared';
import type { ConfigIssue } from '../../state/config-validator.ts';
import { fieldsOf } from '../../state/schema-fields.ts';
import { SchemaField } from './SchemaField.tsx';

interface Props {
  schema: Record<string, unknown>;
  value: Record<string, unknown>;
  issues: readonly ConfigIssue[];
  onChange(next: Record<string, unknown>): void;
}

/** A form generated from a node's config JSON Schema. */
export function SchemaForm({ schema, value, issues, onChange }: Props) {
  const fields = useMemo(() => fieldsOf(schema), [schema]);
  const names = new Set(fields.map((f) => f.name));
  const general = issues.filter((i) => typeof i.path[0] !== 'string' || !names.has(i.path[0]));
  const set = (name: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <div className="sf-form" data-testid="config-form">
      {general.map((i) => (
        <p key={formatPath(i.path) + i.message} className="sf-field-error">
          {formatPath(i.path)}: {i.message}
        </p>
      ))}
      {fields.map((f) => (
        <SchemaField
          key={f.name}
          field={f}
          value={value[f.name] ?? f.default}
          errors={issues.filter((i) => i.path[0] === f.name).map((i) => (i.path.length > 1 ? `${formatPath(i.path)}: ` : '') + i.message)}
          onChange={(v) => set(f.name, v)}
        />
      ))}
      {!fields.length && <p className="sf-muted">This node has no settings.</p>}
    </div>
  );
}
