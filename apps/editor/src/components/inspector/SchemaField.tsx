'use client';

import { useEffect, useState } from 'react';
import { humanise, type FieldDescriptor } from '../../state/schema-fields.ts';

interface Props {
  field: FieldDescriptor;
  value: unknown;
  errors: string[];
  /** `undefined` removes the setting, so the node's default applies. */
  onChange(value: unknown): void;
}

/** One labelled input for one config setting, with its validation messages underneath. */
export function SchemaField({ field, value, errors, onChange }: Props) {
  const id = `cfg-${field.name}`;
  return (
    <div className={`sf-field${errors.length ? ' has-error' : ''}`} data-testid={`field-${field.name}`}>
      <label htmlFor={id}>
        {humanise(field.name)}
        {field.minimum !== undefined || field.maximum !== undefined ? (
          <small>
            {' '}
            {field.minimum ?? '−∞'} – {field.maximum ?? '∞'}
          </small>
        ) : null}
      </label>
      <Input id={id} field={field} value={value} onChange={onChange} />
      {field.description && <p className="sf-hint">{field.description}</p>}
      {errors.map((e) => (
        <p key={e} className="sf-field-error" data-testid={`field-error-${field.name}`}>
          {e}
        </p>
      ))}
    </div>
  );
}

function Input({ id, field, value, onChange }: { id: string; field: FieldDescriptor; value: unknown; onChange(v: unknown): void }) {
  switch (field.kind) {
    case 'boolean':
      return <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'enum':
      return (
        <select id={id} className="sf-input" value={value === undefined ? '' : String(value)} onChange={(e) => onChange(enumValue(field, e.target.value))}>
          {value === undefined && <option value="">(default)</option>}
          {field.options?.map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
        </select>
      );
    case 'number':
    case 'integer':
      return (
        <input
          id={id}
          className="sf-input"
          type="number"
          step={field.kind === 'integer' ? 1 : 'any'}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'color':
      return (
        <div className="sf-color">
          <span className="sf-swatch" style={{ background: typeof value === 'string' ? value : 'transparent' }} />
          <input id={id} className="sf-input" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />
        </div>
      );
    case 'string':
      return <input id={id} className="sf-input" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
    default:
      return <JsonInput id={id} value={value} onChange={onChange} />;
  }
}

function enumValue(field: FieldDescriptor, raw: string): unknown {
  if (raw === '') return undefined;
  return field.options?.find((o) => String(o) === raw) ?? raw;
}

/** Lists and objects edit as JSON; text that does not parse stays local until it does. */
function JsonInput({ id, value, onChange }: { id: string; value: unknown; onChange(v: unknown): void }) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText(JSON.stringify(value ?? null, null, 2));
    setBad(false);
  }, [value]);
  return (
    <>
      <textarea
        id={id}
        className="sf-input sf-json"
        rows={Math.min(8, text.split('\n').length)}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
          } catch {
            setBad(true);
          }
        }}
      />
      {bad && <p className="sf-field-error">not valid JSON yet</p>}
    </>
  );
}
