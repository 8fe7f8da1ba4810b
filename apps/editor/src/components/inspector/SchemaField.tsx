'use client';

import type { ProducerMessage } from '../../state/config-messages.ts';
import { formatMoney } from '../../state/money.ts';
import { humanise, type FieldDescriptor } from '../../state/schema-fields.ts';
import { ColourField } from './fields/ColourField.tsx';
import { DateTimeField } from './fields/DateTimeField.tsx';
import { GroupField } from './fields/GroupField.tsx';
import { JsonField } from './fields/JsonField.tsx';
import { ListField } from './fields/ListField.tsx';
import { MoneyField } from './fields/MoneyField.tsx';
import './fields/fields.css';

interface Props {
  field: FieldDescriptor;
  value: unknown;
  /** The whole config: a money field reads its currency from a sibling setting. */
  config: Record<string, unknown>;
  messages: readonly ProducerMessage[];
  /** `undefined` removes the setting, so the node's default applies. */
  onChange(value: unknown): void;
  /** Names the input's id and test ids: the setting's name, or "tiers-2-priceCents" inside a list. */
  slug?: string;
  /** The visible label, when not the humanised name (a list's single-value items: "Prompt 2"). */
  label?: string;
  /** The item or group an input belongs to ("Tier 2", "Label"): read before its label and named in its own messages. */
  context?: string;
}

/** One labelled input for one config setting, with its validation messages underneath. */
export function SchemaField({ field, value, config, messages, onChange, slug = field.name, label = humanise(field.name), context }: Props) {
  if (field.kind === 'list') return <ListField field={field} slug={slug} label={label} value={value} config={config} messages={messages} onChange={onChange} />;
  if (field.kind === 'group') return <GroupField field={field} slug={slug} label={label} value={value} config={config} messages={messages} onChange={onChange} />;
  const id = `cfg-${slug}`;
  const currency = field.currencyField && typeof config[field.currencyField] === 'string' ? (config[field.currencyField] as string) : undefined;
  return (
    <div className={`sf-field${messages.length ? ' has-error' : ''}`} data-testid={`field-${slug}`}>
      <label htmlFor={id}>
        {context && <span className="sf-visually-hidden">{context} · </span>}
        {label}
        <Range field={field} currency={currency} />
      </label>
      <Input id={id} label={context ? `${context} · ${label}` : label} field={field} value={value} currency={currency} onChange={onChange} />
      {field.description && <p className="sf-hint">{field.description}</p>}
      {messages.map((m) => (
        <p key={m.path + m.text} className="sf-field-error" data-testid={`field-error-${slug}`} title={`${m.code} at ${m.path}`}>
          {m.text} <code>{m.code}</code>
        </p>
      ))}
    </div>
  );
}

function Range({ field, currency }: { field: FieldDescriptor; currency: string | undefined }) {
  if (field.minimum === undefined && field.maximum === undefined) return null;
  const show = (n: number | undefined, none: string) => (n === undefined ? none : field.kind === 'money' ? formatMoney(n, currency) : n);
  return (
    <small>
      {' '}
      {show(field.minimum, '−∞')} – {show(field.maximum, '∞')}
    </small>
  );
}

function Input({ id, label, field, value, currency, onChange }: { id: string; label: string; field: FieldDescriptor; value: unknown; currency: string | undefined; onChange(v: unknown): void }) {
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
    case 'money':
      return <MoneyField id={id} label={label} value={value} currency={currency} onChange={onChange} />;
    case 'datetime':
      return <DateTimeField id={id} label={label} value={value} emptyAllowed={!!field.emptyAllowed} onChange={onChange} />;
    case 'color':
      return <ColourField id={id} label={label} value={value} onChange={onChange} />;
    case 'string':
      return <input id={id} className="sf-input" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
    default:
      return <JsonField id={id} label={label} value={value} onChange={onChange} />;
  }
}

function enumValue(field: FieldDescriptor, raw: string): unknown {
  if (raw === '') return undefined;
  return field.options?.find((o) => String(o) === raw) ?? raw;
}
