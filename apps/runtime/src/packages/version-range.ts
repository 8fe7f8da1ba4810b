/**
 * Whether a version satisfies an npm range, for the one check the runtime makes: does the
 * SDK it provides fall in the range a node package declares for `@showflow/nodes`. Covers
 * what package.json files use — exact, `^`, `~`, comparators, `x`/partial versions,
 * space-separated (all must hold) and `||` (any may hold); prerelease tags are ignored.
 * Returns null for a range it cannot read, so the caller can say so.
 */
export function satisfies(version: string, range: string): boolean | null {
  const v = parts(version);
  if (!v) return null;
  const alternatives = range.trim() === '' ? ['*'] : range.split('||');
  let any = false;
  for (const alternative of alternatives) {
    const comparators = alternative.trim().split(/\s+/).filter(Boolean);
    let all = true;
    for (const comparator of comparators.length ? comparators : ['*']) {
      const held = holds(v, comparator);
      if (held === null) return null;
      all &&= held;
    }
    any ||= all;
  }
  return any;
}

type Triple = [number, number, number];

function parts(version: string): Triple | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function holds(v: Triple, comparator: string): boolean | null {
  const m = /^(\^|~|>=|<=|>|<|=)?v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+][0-9A-Za-z.-]+)?$/.exec(comparator);
  if (!m) return null;
  const op = m[1] ?? '=';
  const given = [m[2], m[3], m[4]].map((p) => (p === undefined || /[xX*]/.test(p) ? undefined : Number(p)));
  const known = given.findIndex((p) => p === undefined);
  const precision = known === -1 ? 3 : known; // how many leading numbers the comparator names
  const low: Triple = [given[0] ?? 0, precision > 1 ? given[1]! : 0, precision > 2 ? given[2]! : 0];
  if (precision === 0) return op === '<' || op === '>' ? false : true;
  const atLeast = compare(v, low) >= 0;
  switch (op) {
    case '>=':
      return atLeast;
    case '<':
      return compare(v, low) < 0;
    case '>':
      return compare(v, bump(low, precision - 1)) >= 0;
    case '<=':
      return compare(v, bump(low, precision - 1)) < 0;
    case '~':
      return atLeast && compare(v, bump(low, precision === 1 ? 0 : 1)) < 0;
    case '^': {
      // The first non-zero number named may not change; 0.0.x pins the patch.
      const fixed = low[0] !== 0 || precision === 1 ? 0 : low[1] !== 0 || precision === 2 ? 1 : 2;
      return atLeast && compare(v, bump(low, fixed)) < 0;
    }
    default:
      return atLeast && compare(v, bump(low, precision - 1)) < 0;
  }
}

/** The smallest version above every version that shares `low`'s numbers up to `index`. */
function bump(low: Triple, index: number): Triple {
  const next: Triple = [low[0], low[1], low[2]];
  next[index] += 1;
  for (let i = index + 1; i < 3; i++) next[i] = 0;
  return next;
}
