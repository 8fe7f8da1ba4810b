'use client';

import { useMemo } from 'react';
import { producerMessages } from '../../state/config-messages.ts';
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
  const messages = producerMessages(issues, fields, value);
  const general = messages.filter((m) => !m.field || !names.has(m.field));
  const set = (name: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <div className="sf-form" data-testid="config-form">
      {general.map((m) => (
        <p key={m.path + m.text} className="sf-field-error" title={`${m.code} at ${m.path}`}>
          {m.text} <code>{m.code}</code>
        </p>
      ))}
      {fields.map((f) => (
        <SchemaField
          key={f.name}
          field={f}
          value={value[f.name] ?? f.default}
          config={value}
          messages={messages.filter((m) => m.field === f.name)}
          onChange={(v) => set(f.name, v)}
        />
      ))}
      {!fields.length && <p className="sf-muted">This node has no settings.</p>}
    </div>
  );
}
