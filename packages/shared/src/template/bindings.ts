import type { JsonPath } from '../errors.ts';
import { BINDING_KEY } from './safety.ts';

/** `{"$param": "brandColor"}`: the whole value is replaced by the parameter's value. */
export interface Binding {
  param: string;
  /** Where the placeholder sits, relative to the value searched. */
  path: JsonPath;
}

export function isBinding(value: unknown): value is { [BINDING_KEY]: string } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as Record<string, unknown>)[BINDING_KEY] === 'string'
  );
}

export function binding(param: string): { [BINDING_KEY]: string } {
  return { [BINDING_KEY]: param };
}

/** Every binding inside `value` (depth-first, in document order). */
export function findBindings(value: unknown, path: JsonPath = []): Binding[] {
  if (isBinding(value)) return [{ param: value[BINDING_KEY], path }];
  if (Array.isArray(value)) return value.flatMap((item, i) => findBindings(item, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => findBindings(v, [...path, k]));
  return [];
}

/** A deep copy of `value` with every binding replaced by `values[param]` (copied too). */
export function substitute(value: unknown, values: Record<string, unknown>): unknown {
  if (isBinding(value)) return structuredCloneJson(values[value[BINDING_KEY]]);
  if (Array.isArray(value)) return value.map((item) => substitute(item, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)]));
  return value;
}

/** JSON values only (checked before), so a JSON round trip is an exact copy. */
export function structuredCloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function getAt(value: unknown, path: JsonPath): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** Writes `next` at `path` inside a JSON object tree; false when the path does not exist. */
export function setAt(root: unknown, path: JsonPath, next: unknown): boolean {
  if (!path.length) return false;
  let at = root;
  for (const key of path.slice(0, -1)) {
    if (at === null || typeof at !== 'object') return false;
    at = (at as Record<string | number, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, last)) return false;
  (at as Record<string | number, unknown>)[last] = next;
  return true;
}
