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
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)/, '');
    if (lineCol) return { ok: false, error: { reason, line: Number(lineCol[1]), column: Number(lineCol[2]) } };
    if (!at) return { ok: false, error: { reason } };
    const before = text.slice(0, Number(at[1]));
    const lines = before.split('\n');
    return { ok: false, error: { reason, line: lines.length, column: lines[lines.length - 1].length + 1 } };
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
