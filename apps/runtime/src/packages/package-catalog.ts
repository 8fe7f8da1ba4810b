import { NodeCatalog, toNodeSpec, type AnyNodeDefinition, type CatalogEntry } from '@showflow/nodes/sdk';
import type { NodeSpec } from '@showflow/shared';

/** Where a package's node type comes from, so it can be loaded again inside an isolated worker. */
export interface NodeOrigin {
  /** The package's npm name. */
  package: string;
  /** Real path of the module that exports the definition. */
  module: string;
  type: string;
}

/**
 * A catalog whose node-package types can be swapped as one unit while built-in and
 * module types stay fixed. The engine, deployments and API hold this one object, so a
 * reload is visible to `catalog.list` at once; running nodes keep the definition they
 * were started with, and only nodes (re)started afterwards see the new one.
 */
export class PackageCatalog extends NodeCatalog {
  private layer = new Map<string, CatalogEntry>();
  private origins = new Map<string, NodeOrigin>();

  override register(definition: AnyNodeDefinition, pkg = 'builtin'): void {
    // The base constructor registers before this class's fields exist.
    const taken = (this.layer as Map<string, CatalogEntry> | undefined)?.get(definition.type);
    if (taken) throw new Error(`node type ${definition.type} from ${pkg} is already registered by ${taken.spec.package}`);
    super.register(definition, pkg);
  }

  /** Whether a type comes with the runtime itself (built-in, module or `--nodes`), not a package. */
  isFixed(type: string): boolean {
    return super.get(type) !== undefined;
  }

  /** Replaces every package type at once; callers check ids against `isFixed` and each other first. */
  replacePackageTypes(entries: { definition: AnyNodeDefinition; pkg: string; module?: string }[]): void {
    const next = new Map<string, CatalogEntry>();
    const origins = new Map<string, NodeOrigin>();
    for (const { definition, pkg, module } of entries) {
      if (this.isFixed(definition.type) || next.has(definition.type)) throw new Error(`node type ${definition.type} is registered twice`);
      next.set(definition.type, { definition, spec: toNodeSpec(definition, pkg) });
      if (module) origins.set(definition.type, { package: pkg, module, type: definition.type });
    }
    this.layer = next;
    this.origins = origins;
  }

  /** The package module a third-party type comes from; undefined for types that ship with the runtime. */
  origin(type: string): NodeOrigin | undefined {
    return this.isFixed(type) ? undefined : this.origins.get(type);
  }

  override get(type: string): CatalogEntry | undefined {
    return super.get(type) ?? (this.layer as Map<string, CatalogEntry> | undefined)?.get(type);
  }

  override definition(type: string): AnyNodeDefinition | undefined {
    return this.get(type)?.definition;
  }

  override spec(type: string): NodeSpec | undefined {
    return this.get(type)?.spec;
  }

  override specs(): NodeSpec[] {
    return [...super.specs(), ...[...this.layer.values()].map((e) => e.spec)];
  }
}
