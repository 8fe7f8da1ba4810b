import type { NodeCatalog } from '@showflow/nodes/sdk';
import type { NodePackageHost } from './host.ts';

export { PackageCatalog, type NodeOrigin } from './package-catalog.ts';
export { NodePackageHost, type NodePackageStatus, type PackageError } from './host.ts';
export { PackageManifest, Namespace } from './manifest.ts';
export { discoverPackageDirs } from './discover.ts';
export { nodesDirs } from './nodes-dirs.ts';

/**
 * The package host serving a catalog. Kept beside the catalog (not on the app) so the
 * API reaches it through `ctx.app.catalog` without widening the app's interface.
 */
const hosts = new WeakMap<NodeCatalog, NodePackageHost>();

export function attachPackageHost(catalog: NodeCatalog, host: NodePackageHost): void {
  hosts.set(catalog, host);
}

export function packageHostOf(catalog: NodeCatalog): NodePackageHost | undefined {
  return hosts.get(catalog);
}
