/** Which input the inspector draws for one config setting, read off its JSON Schema. */
export type FieldKind = 'number' | 'integer' | 'boolean' | 'enum' | 'string' | 'color' | 'datetime' | 'money' | 'list' | 'group' | 'json';

export interface FieldDescriptor {
  name: string;
  kind: FieldKind;
  description?: string;
  minimum?: number;
  maximum?: number;
  options?: (string | number)[];
  default?: unknown;
  required: boolean;
  /** datetime: an empty string is allowed and means "no fixed time". */
  emptyAllowed?: boolean;
  /** money: the sibling setting holding the ISO 4217 currency code. */
  currencyField?: string;
  /** list: what one item is called ("Tier", "Bundle item") and how many there may be. */
  itemLabel?: string;
  minItems?: number;
  maxItems?: number;
  /** list of groups: the settings of one item, each drawn as it would be at top level. */
  itemFields?: FieldDescriptor[];
  /** list of single values: the input for one item. */
  itemField?: FieldDescriptor;
  /** group (a setting made of settings, such as a label's creator, show and purpose): its settings. */
  groupFields?: FieldDescriptor[];
}

type Schema = Record<string, unknown>;

// zod writes ±MAX_SAFE_INTEGER bounds for `.int()`; they are not limits worth showing.
const meaningful = (n: unknown) => (typeof n === 'number' && Math.abs(n) < 1e15 ? n : undefined);

export function fieldsOf(schema: Schema): FieldDescriptor[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const currencyField = properties.currency?.type === 'string' ? 'currency' : undefined;
  return objectFields(schema).map((field) => withCurrency(field, currencyField));
}

function objectFields(schema: Schema): FieldDescriptor[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, raw]) => describeField(name, unwrapNullable(raw), required.has(name)));
}

/** Amounts anywhere in the config, list items included, are in the node's one currency. */
function withCurrency(field: FieldDescriptor, currencyField: string | undefined): FieldDescriptor {
  if (!currencyField) return field;
  if (field.kind === 'money') return { ...field, currencyField };
  if (field.itemFields) return { ...field, itemFields: field.itemFields.map((f) => withCurrency(f, currencyField)) };
  if (field.itemField) return { ...field, itemField: withCurrency(field.itemField, currencyField) };
  if (field.groupFields) return { ...field, groupFields: field.groupFields.map((f) => withCurrency(f, currencyField)) };
  return field;
}

/** Widgets a list item can hold; anything deeper stays a JSON box. */
const SIMPLE: ReadonlySet<FieldKind> = new Set(['number', 'integer', 'boolean', 'enum', 'string', 'color', 'datetime', 'money']);

/** "tiers" → "Tier", "variations" → "Variation", "bundle" → "Bundle item". */
export function itemLabelOf(name: string): string {
  const words = humanise(name);
  if (/ies$/.test(words)) return words.replace(/ies$/, 'y');
  if (/[^s]s$/.test(words)) return words.slice(0, -1);
  return `${words} item`;
}

function describeList(name: string, s: Schema): Pick<FieldDescriptor, 'kind' | 'itemLabel' | 'minItems' | 'maxItems' | 'itemFields' | 'itemField'> {
  const items = unwrapNullable((s.items ?? {}) as Schema);
  const bounds = {
    itemLabel: itemLabelOf(name),
    ...(typeof s.minItems === 'number' && s.minItems > 0 ? { minItems: s.minItems } : {}),
    ...(typeof s.maxItems === 'number' ? { maxItems: s.maxItems } : {}),
  };
  if (items.type === 'object' && items.properties) {
    const itemFields = objectFields(items);
    if (itemFields.length && itemFields.every((f) => SIMPLE.has(f.kind))) return { kind: 'list', ...bounds, itemFields };
    return { kind: 'json' };
  }
  // A single value per item keeps the list's name, so `pricesCents` items are amounts.
  const itemField = describeField(name, items, true);
  return SIMPLE.has(itemField.kind) ? { kind: 'list', ...bounds, itemField } : { kind: 'json' };
}

/**
 * A group is drawn as a titled set of its settings when each is a simple value or a list the
 * list widget draws; a group inside a group (or a list of lists) stays a JSON box.
 */
function describeGroup(s: Schema): Pick<FieldDescriptor, 'kind' | 'groupFields'> {
  const groupFields = objectFields(s);
  return groupFields.length && groupFields.every((f) => SIMPLE.has(f.kind) || f.kind === 'list') ? { kind: 'group', groupFields } : { kind: 'json' };
}

/** Amounts are stored in minor units: `priceCents`, `listPriceCents`. */
export const isMoneyName = (name: string) => /Cents$/.test(name);

const isDateTime = (s: Schema) => s.type === 'string' && (s.format === 'date-time' || s.format === 'datetime');

function describeField(name: string, s: Schema, required: boolean): FieldDescriptor {
  const base = {
    name,
    required,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    ...('default' in s ? { default: s.default } : {}),
  };
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return { ...base, kind: 'enum', options: s.enum as (string | number)[] };
  }
  const options = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (isDateTime(s)) return { ...base, kind: 'datetime' };
  // zod's `'' | datetime`: a fixed time, or empty for "no fixed time".
  if (Array.isArray(options) && options.some(isDateTime) && options.every((o) => isDateTime(o) || o.const === '')) {
    return { ...base, kind: 'datetime', emptyAllowed: true };
  }
  if (s.type === 'integer' && isMoneyName(name)) {
    const min = meaningful(s.minimum);
    const max = meaningful(s.maximum);
    return { ...base, kind: 'money', ...(min !== undefined ? { minimum: min } : {}), ...(max !== undefined ? { maximum: max } : {}) };
  }
  if (s.type === 'number' || s.type === 'integer') {
    const min = meaningful(s.minimum) ?? meaningful(s.exclusiveMinimum);
    const max = meaningful(s.maximum) ?? meaningful(s.exclusiveMaximum);
    return { ...base, kind: s.type, ...(min !== undefined ? { minimum: min } : {}), ...(max !== undefined ? { maximum: max } : {}) };
  }
  if (s.type === 'boolean') return { ...base, kind: 'boolean' };
  if (s.type === 'array') return { ...base, ...describeList(name, s) };
  if (s.type === 'object' && s.properties) return { ...base, ...describeGroup(s) };
  if (s.type === 'string') return { ...base, kind: isColour(name, s) ? 'color' : 'string' };
  return { ...base, kind: 'json' };
}

/** `anyOf: [X, {type: 'null'}]` is an optional X. */
function unwrapNullable(s: Schema): Schema {
  const options = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (!Array.isArray(options)) return s;
  const rest = options.filter((o) => o.type !== 'null');
  return rest.length === 1 ? { ...rest[0], ...(s.description ? { description: s.description } : {}), ...('default' in s ? { default: s.default } : {}) } : s;
}

function isColour(name: string, s: Schema): boolean {
  return s.format === 'color' || /colou?r$/i.test(name) || (typeof s.pattern === 'string' && s.pattern.includes('#'));
}

/**
 * `noiseLevel` → `Noise level`, `priceCents` → `Price` (shown in the currency),
 * `durationSeconds` → `Duration (seconds)`.
 */
export function humanise(name: string): string {
  if (isMoneyName(name) && name !== 'Cents') return humanise(name.replace(/Cents$/, ''));
  const unit = /^(.+?)(Seconds|Ms)$/.exec(name);
  if (unit) return `${humanise(unit[1])} (${unit[2] === 'Ms' ? 'ms' : 'seconds'})`;
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
