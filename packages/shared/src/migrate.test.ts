import { describe, expect, it } from 'vitest';
import { migrateDocument } from './migrate.ts';
import { validateDocument } from './validate.ts';
import { testCatalog } from './test-catalog.ts';

describe('migrateDocument', () => {
  const v0 = {
    schemaVersion: 0,
    id: 'old',
    name: 'Old show',
    nodes: [
      { id: 'a', type: 'test.source', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
      { id: 'b', type: 'test.sink', typeVersion: 1, config: {}, position: { x: 200, y: 0 } },
    ],
    wires: [['a', 'frame', 'b', 'frame']],
  };

  it('upgrades v0 wires to v1 edges', () => {
    const result = migrateDocument(v0);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.from).toBe(0);
    expect(result.document).toMatchObject({
      schemaVersion: 1,
      edges: [{ id: 'e1', from: { node: 'a', port: 'frame' }, to: { node: 'b', port: 'frame' } }],
    });
    expect(result.document).not.toHaveProperty('wires');
  });

  it('validates a migrated document like a current one', () => {
    expect(validateDocument(v0, testCatalog).ok).toBe(true);
  });

  it('does not modify its input', () => {
    const copy = structuredClone(v0);
    migrateDocument(v0);
    expect(v0).toEqual(copy);
  });
});
