'use client';

import { useEffect, useRef } from 'react';
import type { FieldDescriptor } from '../../../state/schema-fields.ts';
import { SchemaField } from '../SchemaField.tsx';
import type { CompositeFieldProps } from './composite-field.ts';
import { FieldMessage } from './FieldMessage.tsx';
import { useItemKeys } from './useItemKeys.ts';

type Item = Record<string, unknown>;

/**
 * A list of items ("Tier 1", "Tier 2"), each setting inside drawn with the widget it gets at
 * top level: amounts in the currency, colours, dates, choices. Items are added, removed and
 * reordered with buttons, so the keyboard reaches everything; focus follows the item moved.
 */
export function ListField({ field, slug, label, value, config, messages, onChange }: CompositeFieldProps) {
  const items: unknown[] = Array.isArray(value) ? value : [];
  const keys = useItemKeys(items.length);
  const noun = field.itemLabel ?? 'Item';
  const focusAfter = useRef<string | null>(null);
  useEffect(() => {
    if (!focusAfter.current) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  });

  const canAdd = field.maxItems === undefined || items.length < field.maxItems;
  const canRemove = items.length > (field.minItems ?? 0);
  const own = messages.filter((m) => typeof m.at[1] !== 'number');
  const at = (i: number) => messages.filter((m) => m.at[1] === i);
  const buttonId = (i: number, what: string) => `cfg-${slug}-${i + 1}-${what}`;

  const replace = (i: number, next: unknown) => onChange(items.map((it, j) => (j === i ? next : it)));
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    const next = [...items];
    [next[i], next[j]] = [next[j], next[i]];
    keys.swap(i, j);
    // Keep the producer on the same button of the same item; at an end, on the other arrow.
    const end = by < 0 ? j === 0 : j === items.length - 1;
    focusAfter.current = buttonId(j, end ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down');
    onChange(next);
  };
  const remove = (i: number) => {
    keys.remove(i);
    const left = items.length - 1;
    focusAfter.current = left === 0 ? `cfg-${slug}-add` : buttonId(Math.min(i, left - 1), 'remove');
    onChange(items.filter((_, j) => j !== i));
  };
  const add = () => {
    const first = field.itemFields ? `-${field.itemFields[0].name}` : '';
    focusAfter.current = `cfg-${slug}-${items.length + 1}${first}`;
    onChange([...items, newItem(field)]);
  };

  return (
    <fieldset className={`sf-field sf-list${own.length ? ' has-error' : ''}`} data-testid={`field-${slug}`}>
      <legend>
        {label}
        <small>
          {' '}
          {items.length}
          {field.maxItems !== undefined ? ` of at most ${field.maxItems}` : ''}
        </small>
      </legend>
      {field.description && <p className="sf-hint">{field.description}</p>}
      <ol className="sf-list-items">
        {items.map((item, i) => {
          const name = `${noun} ${i + 1}`;
          const head = at(i).filter((m) => m.at.length === 2 && field.itemFields);
          return (
            <li key={keys.keys[i]} className="sf-list-item" data-testid={`${slug}-item-${i + 1}`}>
              <div className="sf-list-head">
                <span>{name}</span>
                <button type="button" id={buttonId(i, 'up')} className="sf-btn sf-btn-small" aria-label={`Move ${name} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" id={buttonId(i, 'down')} className="sf-btn sf-btn-small" aria-label={`Move ${name} down`} disabled={i === items.length - 1} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button
                  type="button"
                  id={buttonId(i, 'remove')}
                  className="sf-btn sf-btn-small"
                  aria-label={`Remove ${name}`}
                  title={canRemove ? `Remove ${name}` : `${label} needs at least ${field.minItems} items`}
                  disabled={!canRemove}
                  onClick={() => remove(i)}
                >
                  Remove
                </button>
              </div>
              {head.map((m) => (
                <FieldMessage key={m.path + m.text} m={m} />
              ))}
              {field.itemFields ? (
                field.itemFields.map((sub) => {
                  const obj: Item = item && typeof item === 'object' && !Array.isArray(item) ? (item as Item) : {};
                  return (
                    <SchemaField
                      key={sub.name}
                      field={sub}
                      slug={`${slug}-${i + 1}-${sub.name}`}
                      context={name}
                      value={obj[sub.name] ?? sub.default}
                      config={config}
                      messages={at(i).filter((m) => m.at[2] === sub.name)}
                      onChange={(v) => {
                        const next = { ...obj };
                        if (v === undefined) delete next[sub.name];
                        else next[sub.name] = v;
                        replace(i, next);
                      }}
                    />
                  );
                })
              ) : field.itemField ? (
                // JSON has no "missing" inside a list: a cleared value is null, which the form flags.
                <SchemaField field={field.itemField} slug={`${slug}-${i + 1}`} label={name} value={item ?? undefined} config={config} messages={at(i)} onChange={(v) => replace(i, v ?? null)} />
              ) : null}
            </li>
          );
        })}
      </ol>
      {!items.length && <p className="sf-muted">No {noun.toLowerCase()}s yet.</p>}
      <button type="button" id={`cfg-${slug}-add`} className="sf-btn sf-btn-small" disabled={!canAdd} onClick={add} data-testid={`${slug}-add`}>
        Add {noun.toLowerCase()}
      </button>
      {own.map((m) => (
        <FieldMessage key={m.path + m.text} m={m} testId={`field-error-${slug}`} />
      ))}
    </fieldset>
  );
}

/** A new item holds each setting's default; the rest is left for the producer (and flagged). */
function newItem(field: FieldDescriptor): unknown {
  if (field.itemField) return field.itemField.default ?? (field.itemField.kind === 'boolean' ? false : field.itemField.kind === 'string' ? '' : null);
  const item: Item = {};
  for (const f of field.itemFields ?? []) {
    if (f.default !== undefined) item[f.name] = f.default;
    else if (f.kind === 'boolean' && f.required) item[f.name] = false;
    else if (f.kind === 'enum' && f.required && f.options?.length) item[f.name] = f.options[0];
  }
  return item;
}
