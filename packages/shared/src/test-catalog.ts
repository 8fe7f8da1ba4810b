import type { CatalogLookup, NodeSpec } from './catalog.ts';

/** A tiny catalog for this package's tests: a source, a processor with bounds, a sink. */
const spec = (type: string, inputs: NodeSpec['inputs'], outputs: NodeSpec['outputs']): NodeSpec => ({
  type,
  typeVersion: 2,
  title: type,
  category: 'process',
  description: '',
  inputs,
  outputs,
  configSchema: {},
  defaults: {},
  budgetMs: 10,
  package: 'test',
});

const specs = [
  spec('test.source', [], [{ id: 'frame', type: 'frame' }, { id: 'tick', type: 'event' }]),
  spec('test.blur', [{ id: 'frame', type: 'frame' }], [{ id: 'frame', type: 'frame' }]),
  spec('test.sink', [{ id: 'frame', type: 'frame' }, { id: 'events', type: 'event', multiple: true }], []),
];

export const testCatalog: CatalogLookup = {
  spec: (type) => specs.find((s) => s.type === type),
  checkConfig: (type, config) => {
    const strength = (config as Record<string, unknown>).strength;
    if (type === 'test.blur' && strength !== undefined && (typeof strength !== 'number' || strength > 10)) {
      return [{ path: ['strength'], message: 'strength must be a number ≤ 10' }];
    }
    return [];
  },
};
