import { z } from 'zod';
import { PortSpec } from './ports.ts';
import type { Problem, JsonPath } from './errors.ts';

export const nodeCategories = ['source', 'process', 'generative', 'compose', 'commerce', 'output', 'probe'] as const;
export const NodeCategory = z.enum(nodeCategories);
export type NodeCategory = z.infer<typeof NodeCategory>;

/**
 * The serialisable description of a node type: what the palette shows, what the
 * inspector builds its form from, what validation checks edges against.
 */
export const NodeSpec = z.object({
  type: z.string(),
  typeVersion: z.number().int().min(1),
  title: z.string(),
  category: NodeCategory,
  description: z.string(),
  inputs: z.array(PortSpec),
  outputs: z.array(PortSpec),
  /** JSON Schema (draft 2020-12) generated from the node's zod config schema. */
  configSchema: z.record(z.string(), z.unknown()),
  defaults: z.record(z.string(), z.unknown()),
  /** Per-message time budget in milliseconds; the live readout is coloured against it. */
  budgetMs: z.number().positive(),
  /** Where the type comes from: `builtin` or an npm package / folder name. */
  package: z.string(),
});
export type NodeSpec = z.infer<typeof NodeSpec>;

/** What document validation needs to know about node types, without depending on their code. */
export interface CatalogLookup {
  spec(type: string): NodeSpec | undefined;
  /**
   * Validates a config written for `typeVersion` (older versions are migrated first).
   * Paths in the returned issues are relative to the config object.
   */
  checkConfig(type: string, config: unknown, typeVersion: number): { path: JsonPath; message: string }[];
}

/** Builds a lookup from specs alone, for callers that only know JSON Schemas (config not checked). */
export function catalogFromSpecs(specs: NodeSpec[], checkConfig: CatalogLookup['checkConfig'] = () => []): CatalogLookup {
  const byType = new Map(specs.map((s) => [s.type, s]));
  return { spec: (type) => byType.get(type), checkConfig };
}

export type { Problem };
