import { problem, type Problem } from './errors.ts';

/**
 * What one pipeline document may hold. A studio's largest shows are hundreds of nodes; the
 * ceilings leave room for generated graphs (10,000 nodes validate in well under 200 ms) and
 * keep every walk over user data bounded (docs/decisions/0039).
 */
export const DOCUMENT_LIMITS = {
  nodes: 10_000,
  edges: 30_000,
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
  for (const key of ['nodes', 'edges', 'wires'] as const) {
    const list = doc[key];
    const max = key === 'nodes' ? limits.nodes : limits.edges;
    if (Array.isArray(list) && list.length > max) {
      problems.push(problem('SF140', `${list.length} ${key === 'wires' ? 'edges' : key}; a document holds at most ${max}`, [key]));
    }
  }
  const deep = deepestPath(input, limits.depth);
  if (deep) problems.push(problem('SF141', `nested more than ${limits.depth} levels deep`, deep));
  return problems;
}

/** The path to the first value nested deeper than `max`, or undefined. */
function deepestPath(root: unknown, max: number): (string | number)[] | undefined {
  // Each entry keeps its parent so the path is only built for the one value reported.
  type Entry = { value: unknown; depth: number; key: string | number; parent: Entry | undefined };
  const stack: Entry[] = [{ value: root, depth: 0, key: '', parent: undefined }];
  while (stack.length) {
    const entry = stack.pop()!;
    const { value, depth } = entry;
    if (value === null || typeof value !== 'object') continue;
    if (depth > max) {
      const path: (string | number)[] = [];
      for (let e: Entry | undefined = entry; e?.parent; e = e.parent) path.push(e.key);
      return path.reverse();
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], depth: depth + 1, key: i, parent: entry });
    } else {
      for (const key of Object.keys(value)) stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, key, parent: entry });
    }
  }
  return undefined;
}

/** Keeps the first `max` problems and says how many more there were. */
export function capProblems(problems: Problem[], max: number = DOCUMENT_LIMITS.problems): Problem[] {
  if (problems.length <= max) return problems;
  const kept = problems.slice(0, max);
  kept.push(problem('SF142', `${problems.length - max} more problems are not listed; fix these first`, []));
  return kept;
}
