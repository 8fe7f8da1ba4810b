'use client';

import { SchemaField } from '../SchemaField.tsx';
import type { CompositeFieldProps } from './composite-field.ts';
import { FieldMessage } from './FieldMessage.tsx';

type Group = Record<string, unknown>;

/**
 * A setting made of settings (a label's creator, show and purpose) as a titled set, each
 * drawn with the widget it gets at top level and read as "Label · Creator".
 */
export function GroupField({ field, slug, label, value, config, messages, onChange }: CompositeFieldProps) {
  // A stored value that is not a group (flagged below) is edited from the group's default, as shown.
  const group: Group = asGroup(value) ?? asGroup(field.default) ?? {};
  const own = messages.filter((m) => m.at.length < 2);
  // A list inside the group reads its item positions from the start of the path.
  const inside = (name: string) => messages.filter((m) => m.at[1] === name).map((m) => ({ ...m, at: m.at.slice(1) }));
  const set = (name: string, v: unknown) => {
    const next = { ...group };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <fieldset className={`sf-field sf-list sf-group${own.length ? ' has-error' : ''}`} data-testid={`field-${slug}`}>
      <legend>{label}</legend>
      {field.description && <p className="sf-hint">{field.description}</p>}
      {own.map((m) => (
        <FieldMessage key={m.path + m.text} m={m} testId={`field-error-${slug}`} />
      ))}
      {field.groupFields?.map((sub) => (
        <SchemaField
          key={sub.name}
          field={sub}
          slug={`${slug}-${sub.name}`}
          context={label}
          value={group[sub.name] ?? sub.default}
          config={config}
          messages={inside(sub.name)}
          onChange={(v) => set(sub.name, v)}
        />
      ))}
    </fieldset>
  );
}

const asGroup = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Group) : undefined);
