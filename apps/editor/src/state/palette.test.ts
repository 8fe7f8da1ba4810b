import { describe, expect, it } from 'vitest';
import { catalogLikeSpecs } from '../test/catalog-titles.ts';
import { specs } from '../test/fixtures.ts';
import { filterPalette, MatchTier, rankPalette } from './palette.ts';

const first = (query: string) => filterPalette(catalogLikeSpecs, query)[0]?.specs[0]?.type;

describe('filterPalette', () => {
  it('groups by category in catalog order when nothing is typed', () => {
    expect(filterPalette(specs, '').map((g) => g.category)).toEqual(['source', 'process', 'generative', 'compose', 'commerce', 'output']);
  });

  it('matches every word against title, type and description', () => {
    expect(filterPalette(specs, 'deno').flatMap((g) => g.specs.map((s) => s.type))).toEqual(['showflow.denoise']);
    expect(filterPalette(specs, 'showflow commerce').flatMap((g) => g.specs.map((s) => s.type))).toEqual(['showflow.drop']);
    expect(filterPalette(specs, 'zzz')).toEqual([]);
  });

  // The eight kinds of search a producer types into quick-add, and the node they mean.
  it.each([
    ['exact title', 'compose', 'showflow.compose'],
    ['title prefix', 'den', 'showflow.denoise'],
    ['a later word of the title', 'crop', 'showflow.smart-crop'],
    ['a word after a hyphen', 'drop', 'showflow.drop'],
    ['inside a title word', 'stream', 'showflow.rtmp-out'],
    ['two words, each a prefix', 'text over', 'showflow.text-overlay'],
    ['capitals and the type id', 'PSNR-PROBE', 'showflow.psnr-probe'],
    ['only the description says it', 'hqdn3d', 'showflow.denoise'],
  ])('%s: "%s" puts %s first', (_kind, query, type) => {
    expect(first(query)).toBe(type);
  });

  it('prefers a title that starts with the query over one that contains it, and any title over a description', () => {
    const ranked = rankPalette(catalogLikeSpecs, 'noise').map((r) => [r.spec.type, r.tier]);
    expect(ranked).toEqual([
      ['showflow.noise-suppress', MatchTier.titlePrefix],
      ['showflow.denoise', MatchTier.titleSubstring],
      ['showflow.synthetic-capture', MatchTier.description],
    ]);
    expect(rankPalette(catalogLikeSpecs, 'program out')[0]).toMatchObject({ spec: { type: 'showflow.program-out' }, tier: MatchTier.exactTitle });
    expect(rankPalette(catalogLikeSpecs, 'color')[0]).toMatchObject({ spec: { type: 'showflow.color-correct' }, tier: MatchTier.typeId });
  });

  it('orders groups by their best match so the first item is the best overall', () => {
    const groups = filterPalette(catalogLikeSpecs, 'overlay');
    expect(groups.map((g) => g.category)).toEqual(['commerce', 'source', 'compose']);
    expect(groups[0].specs[0]).toBe(rankPalette(catalogLikeSpecs, 'overlay')[0].spec);
    // Inside a group, titles naming an overlay come before descriptions mentioning one.
    expect(groups.flatMap((g) => g.specs.map((s) => s.title))).toEqual(['Tip overlay', 'Bundle timer', 'Text overlay', 'Image overlay', 'Compose']);
  });
});
