import type { CatalogLookup, JsonPath, NodeSpec } from '@showflow/shared';
import type { AnyNodeDefinition } from './define-node.ts';
import { toNodeSpec } from './spec.ts';

export interface CatalogEntry {
  definition: AnyNodeDefinition;
  spec: NodeSpec;
}

/**
 * The set of node types a runtime knows. Type ids are unique: registering a type twice
 * is refused rather than silently replacing the first.
 */
export class NodeCatalog implements CatalogLookup {
  private readonly entries = new Map<string, CatalogEntry>();

  constructor(definitions: AnyNodeDefinition[] = [], pkg = 'builtin') {
    for (const def of definitions) this.register(def, pkg);
  }

  register(definition: AnyNodeDefinition, pkg = 'builtin'): void {
    const existing = this.entries.get(definition.type);
    if (existing) {
      throw new Error(`node type ${definition.type} from ${pkg} is already registered by ${existing.spec.package}`);
    }
    this.entries.set(definition.type, { definition, spec: toNodeSpec(definition, pkg) });
  }

  get(type: string): CatalogEntry | undefined {
    return this.entries.get(type);
  }

  definition(type: string): AnyNodeDefinition | undefined {
    return this.entries.get(type)?.definition;
  }

  spec(type: string): NodeSpec | undefined {
    return this.entries.get(type)?.spec;
  }

  specs(): NodeSpec[] {
    return [...this.entries.values()].map((e) => e.spec);
  }

  /** Upgrades a config written for an older typeVersion, one step at a time. */
  migrateConfig(type: string, config: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
    const def = this.definition(type);
    if (!def) return config;
    let out = config;
    for (let v = fromVersion; v < def.typeVersion; v++) {
      const step = def.migrations?.[v];
      if (step) out = step(out);
    }
    return out;
  }

  /** Migrated, defaulted, validated config, or the issues that stop it. */
  parseConfig(
    type: string,
    config: unknown,
    typeVersion: number,
  ): { ok: true; config: Record<string, unknown> } | { ok: false; issues: { path: JsonPath; message: string }[] } {
    const def = this.definition(type);
    if (!def) return { ok: false, issues: [{ path: [], message: `unknown node type ${type}` }] };
    const input = config && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
    const result = def.config.safeParse(this.migrateConfig(type, input, typeVersion));
    if (result.success) return { ok: true, config: result.data as Record<string, unknown> };
    return {
      ok: false,
      issues: result.error.issues.map((i: { path: PropertyKey[]; message: string }) => ({ path: i.path as (string | number)[], message: i.message })),
    };
  }

  checkConfig(type: string, config: unknown, typeVersion: number): { path: JsonPath; message: string }[] {
    const result = this.parseConfig(type, config, typeVersion);
    return result.ok ? [] : result.issues;
  }
}
