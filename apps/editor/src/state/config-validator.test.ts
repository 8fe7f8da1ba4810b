import { describe, expect, it } from 'vitest';
import { specs } from '../test/fixtures.ts';
import { checkConfig } from './config-validator.ts';
import { fieldsOf, humanise, itemLabelOf } from './schema-fields.ts';

const denoise = specs.find((s) => s.type === 'showflow.denoise')!;

describe('checkConfig', () => {
  it('accepts the defaults and a partial config', () => {
    expect(checkConfig(denoise, denoise.defaults)).toEqual([]);
    expect(checkConfig(denoise, {})).toEqual([]);
  });

  it('reports each broken setting with its path', () => {
    const issues = checkConfig(denoise, { strength: 3, mode: 'slow', enabled: 'yes', tint: 'red' });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ['strength'], message: 'must be <= 1' },
        { path: ['mode'], message: 'must be one of fast, fine' },
        { path: ['enabled'], message: 'must be boolean' },
        { path: ['tint'], message: 'must match pattern "^#[0-9a-f]{6}$"' },
      ]),
    );
  });
});

describe('fieldsOf', () => {
  it('picks an input per setting from the JSON Schema', () => {
    expect(fieldsOf(denoise.configSchema)).toEqual([
      { name: 'strength', kind: 'number', minimum: 0, maximum: 1, description: 'how much', default: 0.5, required: false },
      { name: 'mode', kind: 'enum', options: ['fast', 'fine'], default: 'fast', required: false },
      { name: 'enabled', kind: 'boolean', default: true, required: false },
      { name: 'tint', kind: 'color', default: '#ff0000', required: false },
    ]);
  });

  it('hides zod integer bounds, unwraps nullable, draws lists item by item and falls back to JSON for deeper shapes', () => {
    const fields = fieldsOf({
      type: 'object',
      required: ['n'],
      properties: {
        n: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
        maybe: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        products: { type: 'array', items: { type: 'string' } },
        tiers: { type: 'array', maxItems: 20, items: { type: 'object', properties: { afterUnits: { type: 'integer', minimum: 1 }, priceCents: { type: 'integer', minimum: 0 } }, required: ['afterUnits', 'priceCents'] } },
        grid: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
        rows: { type: 'array', items: { type: 'object', properties: { cells: { type: 'array', items: { type: 'number' } } } } },
      },
    });
    expect(fields).toEqual([
      { name: 'n', kind: 'integer', required: true },
      { name: 'maybe', kind: 'string', required: false },
      { name: 'products', kind: 'list', itemLabel: 'Product', itemField: { name: 'products', kind: 'string', required: true }, required: false },
      {
        name: 'tiers',
        kind: 'list',
        itemLabel: 'Tier',
        maxItems: 20,
        itemFields: [
          { name: 'afterUnits', kind: 'integer', minimum: 1, required: true },
          { name: 'priceCents', kind: 'money', minimum: 0, required: true },
        ],
        required: false,
      },
      { name: 'grid', kind: 'json', required: false },
      { name: 'rows', kind: 'json', required: false },
    ]);
  });

  it('humanises names', () => {
    expect(humanise('noiseLevel')).toBe('Noise level');
    expect(humanise('brand_color')).toBe('Brand color');
    expect(itemLabelOf('tiers')).toBe('Tier');
    expect(itemLabelOf('bundle')).toBe('Bundle item');
    expect(itemLabelOf('entries')).toBe('Entry');
  });

  it('gives amounts inside list items the node currency', () => {
    const [, bundle] = fieldsOf({ type: 'object', properties: { currency: { type: 'string' }, bundle: { type: 'array', items: { type: 'object', properties: { listPriceCents: { type: 'integer' } } } } } });
    expect(bundle.itemFields).toEqual([{ name: 'listPriceCents', kind: 'money', required: false, currencyField: 'currency' }]);
  });
});
