import { valueSchema, type ParameterDef } from '@showflow/shared';

/**
 * What a form field holds for each parameter type: lists are edited as text (one prompt
 * per line, products as JSON) and parsed back here; everything is then checked with the
 * same schema the runtime uses, so the form and the import never disagree.
 */
export function toFieldText(def: ParameterDef, value: unknown): string {
  if (def.type === 'prompt-list') return Array.isArray(value) ? value.join('\n') : '';
  if (def.type === 'product-list') return JSON.stringify(value ?? [], null, 1);
  return value === undefined || value === null ? '' : String(value);
}

export function fromFieldText(def: ParameterDef, text: string): { value?: unknown; error?: string } {
  let value: unknown = text;
  if (def.type === 'number') value = text.trim() === '' ? Number.NaN : Number(text);
  else if (def.type === 'boolean') value = text === 'true';
  else if (def.type === 'prompt-list') value = text.split('\n').map((l) => l.trim()).filter(Boolean);
  else if (def.type === 'product-list') {
    try {
      value = JSON.parse(text);
    } catch {
      return { error: 'products must be a JSON list of {sku, title, quantity, listPriceCents}' };
    }
  }
  const result = valueSchema(def).safeParse(value);
  return result.success ? { value } : { error: result.error.issues[0]?.message ?? 'invalid value' };
}
