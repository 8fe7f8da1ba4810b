'use client';

import type { ParameterDef } from '@showflow/shared';

interface Props {
  name: string;
  def: ParameterDef;
  text: string;
  error: string | undefined;
  onChange(text: string): void;
}

/** One parameter as a form field, chosen by its type. */
export function ParameterField({ name, def, text, error, onChange }: Props) {
  const id = `param-${name}`;
  const common = { id, 'data-testid': id, 'aria-invalid': !!error, className: 'sf-input' };
  let input;
  switch (def.type) {
    case 'boolean':
      input = <input {...common} type="checkbox" className="" checked={text === 'true'} onChange={(e) => onChange(String(e.target.checked))} />;
      break;
    case 'color':
      input = (
        <span style={{ display: 'flex', gap: 6 }}>
          <input type="color" aria-label={`${def.label} picker`} value={/^#[0-9a-f]{6}$/i.test(text) ? text : '#000000'} onChange={(e) => onChange(e.target.value)} />
          <input {...common} value={text} onChange={(e) => onChange(e.target.value)} />
        </span>
      );
      break;
    case 'number':
      input = <input {...common} type="number" min={def.min} max={def.max} step={def.step ?? (def.integer ? 1 : 'any')} value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case 'prompt-list':
    case 'product-list':
      input = <textarea {...common} rows={def.type === 'product-list' ? 6 : 3} value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    default:
      input = <input {...common} value={text} placeholder={def.type === 'image' ? 'path to a PNG/JPEG' : undefined} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className={`sf-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {def.label}
        {def.type === 'prompt-list' ? ' (one per line)' : ''}
      </label>
      {input}
      {def.description && <span className="sf-muted">{def.description}</span>}
      {error && (
        <p className="sf-field-error" data-testid={`param-error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
}
