import { problem, type JsonPath, type Problem } from '../errors.ts';

/** Deeper nesting than any real template needs; refusing it keeps every walk bounded. */
export const MAX_TEMPLATE_DEPTH = 48;

/** The only `$`-key a template may contain: a whole-value parameter binding. */
export const BINDING_KEY = '$param';

/** Keys that would reach an object's prototype if a consumer ever merged the data naively. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * String patterns that mean "run this", not "show this". A template is pure data, so a
 * string that looks like code is refused rather than trusted to stay inert downstream
 * (docs/decisions/0021-template-data-only.md lists the rules and why).
 */
const CODE_PATTERNS: { test: RegExp; what: string }[] = [
  { test: /^\s*(javascript|vbscript|file):/i, what: 'a script or file URL' },
  { test: /^\s*data:(?!image\/(png|jpeg|webp);base64,)/i, what: 'a data URL that is not a PNG, JPEG or WebP image' },
  { test: /<\s*\/?\s*(script|iframe|object|embed)\b/i, what: 'an HTML script or embed tag' },
  { test: /\bon[a-z]{3,}\s*=\s*["'`]/i, what: 'an HTML event handler attribute' },
  { test: /\$\{/, what: 'a template-literal expression ${…}' },
  { test: /\{\{[\s\S]*?\}\}/, what: 'a {{…}} template expression' },
  { test: /\b(eval|Function|require|import|setTimeout|setInterval)\s*\(/, what: 'a call to eval/Function/require/import/timers' },
  { test: /\bfunction\b\s*\*?\s*[\w$]*\s*\([^)]*\)\s*\{/, what: 'a function definition' },
  { test: /(\([^()]*\)|\b[\w$]+)\s*=>\s*[{(\w]/, what: 'an arrow function' },
  { test: /\b(process|globalThis|window|document)\s*\.\s*[\w$]+/, what: 'a reference to a runtime global' },
];

export function codeLikeReason(text: string): string | undefined {
  for (const p of CODE_PATTERNS) if (p.test.test(text)) return p.what;
  return undefined;
}

const HINT = 'templates are data only: remove it, or describe the behaviour with node config values';

/**
 * Walks any value and reports everything a data-only template may not contain:
 * non-JSON values (functions, symbols, bigints, class instances), `$`-prefixed keys other
 * than a well-formed `{"$param": name}` binding, prototype keys, code-like strings, and
 * nesting deeper than MAX_TEMPLATE_DEPTH. Never throws, whatever it is given.
 */
export function findExecutableContent(value: unknown, path: JsonPath = []): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<object>();
  const refuse = (at: JsonPath, message: string) => problems.push({ ...problem('SF126', message, at), hint: HINT });

  const walk = (v: unknown, at: JsonPath, depth: number): void => {
    if (problems.length >= 200) return; // enough to act on; a hostile file must not make us build millions
    if (depth > MAX_TEMPLATE_DEPTH) {
      problems.push({ ...problem('SF120', `nested deeper than ${MAX_TEMPLATE_DEPTH} levels`, at), hint: 'flatten the structure' });
      return;
    }
    switch (typeof v) {
      case 'string': {
        const reason = codeLikeReason(v);
        if (reason) refuse(at, `looks like executable content (${reason})`);
        return;
      }
      case 'number':
        if (!Number.isFinite(v)) problems.push(problem('SF120', 'numbers must be finite', at));
        return;
      case 'boolean':
      case 'undefined':
        return;
      case 'function':
        refuse(at, 'a function is executable content');
        return;
      case 'symbol':
      case 'bigint':
        refuse(at, `a ${typeof v} is not JSON data`);
        return;
    }
    if (v === null) return;
    const obj = v as object;
    if (seen.has(obj)) {
      problems.push(problem('SF120', 'the value refers to itself (not JSON data)', at));
      return;
    }
    seen.add(obj);
    if (Array.isArray(obj)) {
      obj.forEach((item, i) => walk(item, [...at, i], depth + 1));
    } else {
      const proto = Object.getPrototypeOf(obj);
      if (proto !== Object.prototype && proto !== null) {
        refuse(at, `a ${proto?.constructor?.name ?? 'class'} instance is not plain JSON data`);
      } else {
        const keys = Object.keys(obj);
        if (keys.includes(BINDING_KEY) && (keys.length !== 1 || typeof (obj as Record<string, unknown>)[BINDING_KEY] !== 'string')) {
          refuse(at, `a binding is exactly {"${BINDING_KEY}": "<parameter name>"} with nothing else`);
        }
        for (const key of keys) {
          if (PROTOTYPE_KEYS.has(key)) refuse([...at, key], `the key "${key}" is refused`);
          else if (key.startsWith('$') && key !== BINDING_KEY) refuse([...at, key], `the key "${key}" looks like an expression operator; only "${BINDING_KEY}" bindings are allowed`);
          if (key !== BINDING_KEY) walk((obj as Record<string, unknown>)[key], [...at, key], depth + 1);
        }
      }
    }
    seen.delete(obj);
  };
  walk(value, path, 0);
  return problems;
}
