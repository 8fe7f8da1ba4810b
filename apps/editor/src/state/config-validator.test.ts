import { describe, expect, it } from 'vitest';
import { specs } from '../test/fixtures.ts';
import { checkConfig } from './config-validator.ts';
import { fieldsOf, humanise } from './schema-fields.ts';

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

  it('hides zod integer bounds, unwraps nullable, falls back to JSON for lists', () => {
    const fields = fieldsOf({
      type: 'object',
      required: ['n'],
      properties: {
        n: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
        maybe: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        products: { type: 'array', items: { type: 'string' } },
      },
    });
    expect(fields).toEqual([
      { name: 'n', kind: 'integer', required: true },
      { name: 'maybe', kind: 'string', required: false },
      { name: 'products', kind: 'json', required: false },
    ]);
  });

  it('humanises names', () => {
    expect(humanise('noiseLevel')).toBe('Noise level');
    expect(humanise('brand_color')).toBe('Brand color');
  });
});
