import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineNode, type AnyNodeDefinition } from '@showflow/nodes/sdk';
import type { ErrorCode } from '@showflow/shared';
import { discoverPackageDirs } from './discover.ts';
import { PackageManifest } from './manifest.ts';
import type { PackageCatalog } from './package-catalog.ts';
import { provideSdkToPackages, sdkVersion } from './provide-sdk.ts';
import { satisfies } from './version-range.ts';

export interface PackageError {
  code: ErrorCode;
  message: string;
  /** The module the error came from, relative to the package folder. */
  module?: string;
}

/** One discovered package and what became of it. */
export interface NodePackageStatus {
  /** The npm name, or the folder name when the manifest has none readable. */
  name: string;
  version: string | null;
  namespace: string | null;
  dir: string;
  status: 'loaded' | 'failed';
  types: { type: string; typeVersion: number }[];
  errors: PackageError[];
}

class PackageFailure extends Error {
  constructor(readonly errors: PackageError[]) {
    super(errors.map((e) => `${e.code} ${e.message}`).join('; '));
  }
}

/**
 * Finds node packages in the nodes directories, loads them into the catalog and reloads
 * them on request. A package loads completely or not at all; one failing (bad manifest,
 * throwing module, type outside its namespace, duplicate id) is reported with its reason
 * and the others still load. Reloads run one at a time and swap the catalog's package
 * types in one step.
 */
export class NodePackageHost {
  private statuses: NodePackageStatus[] = [];
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly catalog: PackageCatalog,
    readonly nodesDirs: string[],
  ) {}

  list(): NodePackageStatus[] {
    return this.statuses;
  }

  /** Installed version of a loaded package (for template requirements). */
  version(name: string): string | undefined {
    return this.statuses.find((s) => s.name === name && s.status === 'loaded')?.version ?? undefined;
  }

  reload(): Promise<NodePackageStatus[]> {
    const next = this.queue.then(() => this.loadAll());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async loadAll(): Promise<NodePackageStatus[]> {
    // Each reload imports fresh module instances; ESM caches by URL, so the URL carries the generation.
    const generation = ++this.generation;
    provideSdkToPackages();
    const dirs = (await Promise.all(this.nodesDirs.map(discoverPackageDirs))).flat();
    const statuses: NodePackageStatus[] = [];
    const accepted: { definition: AnyNodeDefinition; pkg: string; module: string }[] = [];
    const owners = new Map<string, string>(); // type or namespace → package name
    for (const dir of dirs) {
      const status: NodePackageStatus = { name: path.basename(dir), version: null, namespace: null, dir, status: 'failed', types: [], errors: [] };
      statuses.push(status);
      try {
        const manifest = await readManifest(dir);
        Object.assign(status, { name: manifest.name, version: manifest.version, namespace: manifest.showflow.namespace });
        const namespaceOwner = owners.get(`ns:${manifest.showflow.namespace}`) ?? owners.get(`pkg:${manifest.name}`);
        if (namespaceOwner) throw new PackageFailure([{ code: 'SF133', message: `namespace ${manifest.showflow.namespace} or package ${manifest.name} is already loaded from ${namespaceOwner}` }]);
        checkSdkRange(manifest);
        const definitions = await this.importNodes(dir, manifest, generation);
        const errors: PackageError[] = [];
        const seen = new Set<string>();
        for (const { definition, module } of definitions) {
          const type = definition.type;
          if (!type.startsWith(`${manifest.showflow.namespace}.`)) {
            errors.push({ code: 'SF132', module, message: `${type} is outside the package namespace; name it ${manifest.showflow.namespace}.<node>` });
          } else if (this.catalog.isFixed(type) || owners.has(type) || seen.has(type)) {
            errors.push({ code: 'SF133', module, message: `${type} is already registered${owners.has(type) ? ` by ${owners.get(type)}` : seen.has(type) ? ' by this package' : ' by the runtime'}` });
          }
          seen.add(type);
        }
        if (errors.length) throw new PackageFailure(errors);
        for (const { definition, file } of definitions) {
          owners.set(definition.type, manifest.name);
          accepted.push({ definition, pkg: manifest.name, module: file });
          status.types.push({ type: definition.type, typeVersion: definition.typeVersion });
        }
        owners.set(`ns:${manifest.showflow.namespace}`, manifest.name);
        owners.set(`pkg:${manifest.name}`, dir);
        status.status = 'loaded';
      } catch (err) {
        status.errors = err instanceof PackageFailure ? err.errors : [{ code: 'SF131', message: (err as Error)?.message ?? String(err) }];
      }
    }
    this.catalog.replacePackageTypes(accepted);
    this.statuses = statuses;
    return statuses;
  }

  private async importNodes(dir: string, manifest: PackageManifest, generation: number): Promise<{ definition: AnyNodeDefinition; module: string; file: string }[]> {
    const out: { definition: AnyNodeDefinition; module: string; file: string }[] = [];
    const errors: PackageError[] = [];
    for (const module of manifest.showflow.nodes) {
      try {
        // By real path: a linked package (npm link, a symlink into the nodes folder) resolves
        // its imports from where it really lives, whichever loader runs it.
        const file = await fs.realpath(path.resolve(dir, module));
        const mod = (await import(`${pathToFileURL(file).href}?generation=${generation}`)) as { nodes?: unknown; default?: unknown };
        const exported = mod.nodes ?? mod.default;
        const list = Array.isArray(exported) ? exported : [exported];
        for (const def of list) {
          if (!isNodeDefinition(def)) throw new Error('does not export node definitions (export `nodes` or `default` made with defineNode)');
          // Checked again here: a package may have built the object by hand, skipping defineNode's checks.
          out.push({ definition: defineNode(def), module, file });
        }
      } catch (err) {
        errors.push({ code: 'SF131', module, message: `${module}: ${(err as Error)?.message ?? String(err)}` });
      }
    }
    if (errors.length) throw new PackageFailure(errors);
    return out;
  }
}

async function readManifest(dir: string): Promise<PackageManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8'));
  } catch (err) {
    throw new PackageFailure([{ code: 'SF130', message: `package.json cannot be read: ${(err as Error).message}` }]);
  }
  const parsed = PackageManifest.safeParse(json);
  if (!parsed.success) {
    throw new PackageFailure(parsed.error.issues.map((i) => ({ code: 'SF130' as const, message: `package.json ${i.path.join('.') || '(root)'}: ${i.message}` })));
  }
  return parsed.data;
}

/** A package written for another SDK (its peer range) is refused before any of its code runs. */
function checkSdkRange(manifest: PackageManifest): void {
  const range = manifest.peerDependencies?.['@showflow/nodes'];
  if (range === undefined) return;
  const ok = satisfies(sdkVersion, range);
  if (ok === true) return;
  throw new PackageFailure([
    {
      code: 'SF134',
      message:
        ok === null
          ? `peerDependencies["@showflow/nodes"] is "${range}", which is not a version range this runtime reads (use one like ^${sdkVersion})`
          : `needs @showflow/nodes ${range}; this runtime provides ${sdkVersion}`,
    },
  ]);
}

function isNodeDefinition(value: unknown): value is AnyNodeDefinition {
  const v = value as Partial<AnyNodeDefinition> | null;
  return !!v && typeof v === 'object' && typeof v.type === 'string' && typeof v.typeVersion === 'number' && typeof v.run === 'function' && typeof v.config?.safeParse === 'function';
}
