import { describe, expect, it } from 'vitest';
import { NodeSpec } from '@showflow/shared';
import { builtinNodes, createBuiltinCatalog } from './index.ts';

const expectedTypes = [
  'showflow.synthetic-capture',
  'showflow.image-file',
  'showflow.image-sequence',
  'showflow.denoise',
  'showflow.resize',
  'showflow.color-correct',
  'showflow.smart-crop',
  'showflow.text-overlay',
  'showflow.image-overlay',
  'showflow.compose',
  'showflow.encode-jpeg',
  'showflow.file-sink',
  'showflow.preview',
  'showflow.null-sink',
  'showflow.psnr-probe',
  'showflow.scene-switcher',
];

describe('built-in catalog', () => {
  const catalog = createBuiltinCatalog();

  it('ships exactly the documented node types, at typeVersion 1 but compose (2: geometry relative to the frame)', () => {
    expect(builtinNodes.map((d) => d.type).sort()).toEqual([...expectedTypes].sort());
    for (const def of builtinNodes) expect(def.typeVersion).toBe(def.type === 'showflow.compose' ? 2 : 1);
  });

  it.each(expectedTypes)('%s has a valid spec whose defaults pass its own config check', (type) => {
    const spec = catalog.spec(type)!;
    expect(NodeSpec.safeParse(spec).success).toBe(true);
    expect(catalog.checkConfig(type, {}, 1)).toEqual([]);
    expect(catalog.checkConfig(type, spec.defaults, 1)).toEqual([]);
  });

  it('sources tick, sinks have no outputs, processors have an input', () => {
    for (const def of builtinNodes) {
      if (def.category === 'source') expect(def.source, def.type).toBeDefined();
      else expect(Object.keys(def.inputs).length, def.type).toBeGreaterThan(0);
      if (def.category === 'output') expect(Object.keys(def.outputs), def.type).toEqual([]);
    }
  });

  it('rejects out-of-range config with a path', () => {
    expect(catalog.checkConfig('showflow.encode-jpeg', { quality: 101 }, 1)).toEqual([{ path: ['quality'], message: expect.any(String) }]);
    expect(catalog.checkConfig('showflow.compose', { anchor: 'middle' }, 1)[0].path).toEqual(['anchor']);
  });
});
