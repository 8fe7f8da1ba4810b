import { nodeCategories, type NodeCategory, type NodeSpec } from '@showflow/shared';

export interface PaletteGroup {
  category: NodeCategory;
  specs: NodeSpec[];
}

/**
 * How well a node type matches what was typed, best first. A producer types the name they
 * see on the canvas, so the title decides; the type id, category and description only
 * break a tie of nothing better.
 */
export const MatchTier = {
  exactTitle: 0,
  titlePrefix: 1,
  titleWordPrefix: 2,
  titleSubstring: 3,
  typeId: 4,
  description: 5,
} as const;
export type MatchTier = (typeof MatchTier)[keyof typeof MatchTier];

export interface RankedSpec {
  spec: NodeSpec;
  tier: MatchTier;
}

const normalise = (text: string) => text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim();
const wordsOf = (text: string) => normalise(text).split(/[^a-z0-9]+/).filter(Boolean);

/** The best tier at which `spec` matches `query`, or null when some typed word matches nothing. */
export function matchTier(spec: NodeSpec, query: string): MatchTier | null {
  const q = normalise(query).replace(/\s+/g, ' ');
  const typed = wordsOf(query);
  if (!typed.length) return null;
  const title = normalise(spec.title);
  const titleWords = wordsOf(spec.title);
  if (title === q) return MatchTier.exactTitle;
  if (title.startsWith(q)) return MatchTier.titlePrefix;
  // "text over" → Text overlay, "drop" → Micro-drop: every typed word starts a title word.
  if (typed.every((w) => titleWords.some((t) => t.startsWith(w)))) return MatchTier.titleWordPrefix;
  if (typed.every((w) => title.includes(w))) return MatchTier.titleSubstring;
  const ids = normalise(`${spec.type} ${spec.category} ${spec.package}`);
  if (typed.every((w) => title.includes(w) || ids.includes(w))) return MatchTier.typeId;
  const everything = `${title} ${ids} ${normalise(spec.description)}`;
  return typed.every((w) => everything.includes(w)) ? MatchTier.description : null;
}

/**
 * Every spec matching `query`, best match first: by tier, then where in the title the
 * query starts, then shorter titles (the closer the title is to what was typed), then A–Z.
 * Quick-add takes the first.
 */
export function rankPalette(specs: readonly NodeSpec[], query: string): RankedSpec[] {
  const q = normalise(query);
  const ranked: (RankedSpec & { at: number })[] = [];
  for (const spec of specs) {
    const tier = matchTier(spec, query);
    if (tier === null) continue;
    const at = normalise(spec.title).indexOf(q);
    ranked.push({ spec, tier, at: at < 0 ? Number.MAX_SAFE_INTEGER : at });
  }
  ranked.sort((a, b) => a.tier - b.tier || a.at - b.at || a.spec.title.length - b.spec.title.length || a.spec.title.localeCompare(b.spec.title));
  return ranked.map(({ spec, tier }) => ({ spec, tier }));
}

/**
 * Specs grouped by category. Without a query: the catalog's category order, titles A–Z.
 * With one: groups ordered by their best match and specs by rank inside each group, so
 * the first spec of the first group is the best match overall (what Enter adds).
 */
export function filterPalette(specs: readonly NodeSpec[], query: string): PaletteGroup[] {
  if (!wordsOf(query).length) {
    return nodeCategories
      .map((category) => ({ category, specs: specs.filter((s) => s.category === category).sort((a, b) => a.title.localeCompare(b.title)) }))
      .filter((g) => g.specs.length > 0);
  }
  const groups = new Map<NodeCategory, NodeSpec[]>();
  for (const { spec } of rankPalette(specs, query)) {
    const list = groups.get(spec.category) ?? [];
    list.push(spec);
    groups.set(spec.category, list);
  }
  return [...groups].map(([category, list]) => ({ category, specs: list }));
}
