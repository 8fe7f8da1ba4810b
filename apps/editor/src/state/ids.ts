/**
 * Readable, deterministic ids (`denoise-3`): the next free number for a prefix. Commands
 * stay pure because the id depends only on the ids already taken.
 */
export function nextId(prefix: string, taken: ReadonlySet<string>): string {
  const base = sanitize(prefix);
  for (let n = 1; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** `showflow.color-correct` → `color-correct`; ids allow letters, digits, - and _. */
export function prefixForType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

function sanitize(prefix: string): string {
  const cleaned = prefix.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (cleaned || 'node').slice(0, 48);
}
