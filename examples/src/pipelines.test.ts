import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, validateDocument } from '@showflow/shared';
import { createBuiltinCatalog } from '@showflow/nodes';
import { commerceNodes } from '@showflow/commerce/nodes';
import { generativeOverlay } from '@showflow/generative';
import { liveNodes } from '@showflow/live';

const dir = join(import.meta.dirname, '..', 'pipelines');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('example pipelines', () => {
  const catalog = createBuiltinCatalog();
  for (const def of commerceNodes) catalog.register(def, 'commerce');
  // The runtime registers the generative layer's node next to the built-ins.
  catalog.register(generativeOverlay, 'generative');
  for (const def of liveNodes) catalog.register(def, 'live');

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
