import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, validateDocument } from '@showflow/shared';
import { createBuiltinCatalog } from '@showflow/nodes';

const dir = join(import.meta.dirname, '..', 'pipelines');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('example pipelines', () => {
  const catalog = createBuiltinCatalog();

  it('includes the studio demo', () => {
    expect(files).toContain('studio-demo.json');
  });

  it.each(files)('%s validates against the built-in catalog', (file) => {
    const result = validateDocument(JSON.parse(readFileSync(join(dir, file), 'utf8')), catalog);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  it('the studio demo wires the probe to the clean ground truth', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'studio-demo.json'), 'utf8'));
    expect(doc.id).toBe('studio-demo');
    expect(doc.edges).toContainEqual(expect.objectContaining({ from: { node: 'camera', port: 'clean' }, to: { node: 'quality', port: 'reference' } }));
  });
});
