import { locateJsonFault } from './json-locate.ts';

/** Reading JSON a producer typed, with where it went wrong in their terms (line, column). */

export interface JsonTextError {
  reason: string;
  line?: number;
  column?: number;
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; error: JsonTextError };

/** Longest text read from a config field: the runtime refuses bigger documents anyway. */
export const MAX_JSON_FIELD_CHARS = 200_000;

export function parseJsonText(text: string): JsonTextResult {
  if (text.length > MAX_JSON_FIELD_CHARS) return { ok: false, error: { reason: `longer than ${MAX_JSON_FIELD_CHARS.toLocaleString('en')} characters` } };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const fault = locateJsonFault(text);
    if (!fault) return { ok: false, error: { reason: 'it cannot be read' } };
    const lines = text.slice(0, fault.offset).split('\n');
    return { ok: false, error: { reason: fault.reason, line: lines.length, column: lines[lines.length - 1].length + 1 } };
  }
}

/** Same JSON value, whatever the key order or formatting. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y))) : v,
  );
}
