import { nodeCategories, type NodeCategory, type NodeSpec } from '@showflow/shared';

export interface PaletteGroup {
  category: NodeCategory;
  specs: NodeSpec[];
}

/**
 * Specs matching every word of the query (in title, type, description or category),
 * grouped in the catalog's category order, titles alphabetical within a group.
 */
export function filterPalette(specs: readonly NodeSpec[], query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = specs.filter((s) => {
    const text = `${s.title} ${s.type} ${s.description} ${s.category} ${s.package}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  return nodeCategories
    .map((category) => ({
      category,
      specs: matches.filter((s) => s.category === category).sort((a, b) => a.title.localeCompare(b.title)),
    }))
    .filter((g) => g.specs.length > 0);
}
