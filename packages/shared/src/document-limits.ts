import { problem, type Problem } from './errors.ts';

/**
 * What one pipeline document may hold. A studio's largest shows are hundreds of nodes; the
 * ceilings leave room for generated graphs (10,000 nodes validate in well under 200 ms) and
 * keep every walk over user data bounded (docs/decisions/0039).
 */
export const DOCUMENT_LIMITS = {
  nodes: 10_000,
  edges: 30_000,
  /** Canvas annotations (decision 0078): frames and sticky notes, never run. */
  groups: 200,
  comments: 200,
  /** Nesting of objects and arrays anywhere in the document, config values included. */
  depth: 64,
  /** Problems reported for one document; past it one SF142 says how many were left out. */
  problems: 200,
} as const;

export type DocumentLimits = { [K in keyof typeof DOCUMENT_LIMITS]: number };

/**
 * Checks counts and nesting before any schema or graph walk sees the data. Iterative (an
 * explicit stack, no recursion), so a 5,000-deep value cannot overflow the call stack; it
 * stops at the first level past the limit, so its cost is bounded by the input it reads.
 */
export function checkDocumentLimits(input: unknown, limits: DocumentLimits = DOCUMENT_LIMITS): Problem[] {
  const problems: Problem[] = [];
  if (input === null || typeof input !== 'object') return problems;
  const doc = input as Record<string, unknown>;
  for (const key of ['nodes', 'edges', 'wires', 'groups', 'comments'] as const) {
    const list = doc[key];
    const max = key === 'wires' ? limits.edges : limits[key];
    if (Array.isArray(list) && list.length > max) {
      problems.push(problem('SF140', `${list.length} ${key === 'wires' ? 'edges' : key}; a document holds at most ${max}`, [key]));
    }
  }
  const deep = deepestPath(input, limits.depth);
  if (deep) problems.push(problem('SF141', `nested more than ${limits.depth} levels deep`, deep));
  return problems;
}

/**
 * The path to the first value nested deeper than `max`, or undefined. The walk keeps only
 * objects and arrays on its stack (with their depths alongside), not an entry per value:
 * a 10,000-node document holds hundreds of thousands of values, and this runs on every read.
 * The path is rebuilt only for the one value reported.
 */
function deepestPath(root: unknown, max: number): (string | number)[] | undefined {
  if (root === null || typeof root !== 'object') return undefined;
  const values: object[] = [root];
  const depths: number[] = [0];
  while (values.length) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    if (depth > max) return pathTo(root, value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (child !== null && typeof child === 'object') {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const child: unknown = (value as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return undefined;
}

/** The keys from `root` down to `target`, found by a second walk that remembers parents. */
function pathTo(root: object, target: object): (string | number)[] {
  const parents = new Map<object, { parent: object; key: string | number }>();
  const stack: object[] = [root];
  while (stack.length) {
    const value = stack.pop()!;
    if (value === target) break;
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const key of keys) {
      const child: unknown = (value as Record<string | number, unknown>)[key];
      if (child !== null && typeof child === 'object' && !parents.has(child) && child !== root) {
        parents.set(child, { parent: value, key });
        stack.push(child);
      }
    }
  }
  const path: (string | number)[] = [];
  for (let at = parents.get(target); at; at = parents.get(at.parent)) path.push(at.key);
  return path.reverse();
}

/** Keeps the first `max` problems and says how many more there were. */
export function capProblems(problems: Problem[], max: number = DOCUMENT_LIMITS.problems): Problem[] {
  if (problems.length <= max) return problems;
  const kept = problems.slice(0, max);
  kept.push(problem('SF142', `${problems.length - max} more problems are not listed; fix these first`, []));
  return kept;
}
