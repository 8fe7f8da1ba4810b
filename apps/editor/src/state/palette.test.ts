import { describe, expect, it } from 'vitest';
import { specs } from '../test/fixtures.ts';
import { filterPalette } from './palette.ts';

describe('filterPalette', () => {
  it('groups by category in catalog order', () => {
    expect(filterPalette(specs, '').map((g) => g.category)).toEqual(['source', 'process', 'generative', 'compose', 'commerce', 'output']);
  });

  it('matches every word against title, type and description', () => {
    expect(filterPalette(specs, 'deno').flatMap((g) => g.specs.map((s) => s.type))).toEqual(['showflow.denoise']);
    expect(filterPalette(specs, 'showflow commerce').flatMap((g) => g.specs.map((s) => s.type))).toEqual(['showflow.drop']);
    expect(filterPalette(specs, 'zzz')).toEqual([]);
  });
});
