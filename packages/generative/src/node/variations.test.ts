import { describe, expect, it } from 'vitest';
import { generativeOverlayConfig, MAX_VARIATIONS } from './config.ts';
import { expandVariations } from './variations.ts';

const config = (over: Record<string, unknown> = {}) => generativeOverlayConfig.parse({ prompt: 'sale', style: 'neon', seed: 7, ...over });

describe('expandVariations', () => {
  it('is the node prompt alone when no variations are given', () => {
    expect(expandVariations(config())).toEqual([{ prompt: 'sale', style: 'neon', seed: 7 }]);
  });

  it('fills left-out fields from the node, then appends the matrix product in order', () => {
    const specs = expandVariations(config({ variations: [{ seed: 1 }, { prompt: 'drop', style: '' }], matrix: { prompts: ['a', 'b'], seeds: [3, 4] } }));
    expect(specs).toEqual([
      { prompt: 'sale', style: 'neon', seed: 1 },
      { prompt: 'drop', style: '', seed: 7 },
      { prompt: 'a', style: 'neon', seed: 3 },
      { prompt: 'a', style: 'neon', seed: 4 },
      { prompt: 'b', style: 'neon', seed: 3 },
      { prompt: 'b', style: 'neon', seed: 4 },
    ]);
  });

  it('caps a large matrix so pre-show spend stays bounded', () => {
    const specs = expandVariations(config({ matrix: { prompts: ['a', 'b', 'c', 'd'], styles: ['x', 'y', 'z'], seeds: [1, 2] } }));
    expect(specs).toHaveLength(MAX_VARIATIONS);
  });

  it('refuses an out-of-range seed and a blank prompt in the config', () => {
    expect(generativeOverlayConfig.safeParse({ variations: [{ seed: -1 }] }).success).toBe(false);
    expect(generativeOverlayConfig.safeParse({ matrix: { prompts: ['  '] } }).success).toBe(false);
  });
});
