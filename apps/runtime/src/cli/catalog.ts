import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeCatalog, type AnyNodeDefinition } from '@showflow/nodes/sdk';
import { moduleNodes } from '../modules/index.ts';
import { attachPackageHost, NodePackageHost, PackageCatalog } from '../packages/index.ts';

/**
 * The built-in node types, those of the runtime's modules (generative, commerce, live, audio),
 * plus any modules named with `--nodes` (a file or package that exports node definitions
 * as `default` or `nodes`).
 */
export async function loadCatalog(extraModules: string[] = [], nodesDirs: string[] = []): Promise<NodeCatalog> {
  const { builtinNodes } = (await import('@showflow/nodes')) as { builtinNodes: AnyNodeDefinition[] };
  const catalog: NodeCatalog = new PackageCatalog(builtinNodes, 'builtin');
  for (const def of moduleNodes()) catalog.register(def, 'builtin');
  for (const spec of extraModules) {
    const target = existsSync(path.resolve(spec)) ? pathToFileURL(path.resolve(spec)).href : spec;
    const mod = (await import(target)) as { default?: unknown; nodes?: unknown };
    const exported = mod.nodes ?? mod.default;
    const list = (Array.isArray(exported) ? exported : [exported]) as AnyNodeDefinition[];
    for (const def of list) {
      if (!def || typeof def !== 'object' || typeof def.type !== 'string') throw new Error(`${spec} does not export node definitions`);
      catalog.register(def, spec);
    }
  }
  // Node packages from the nodes folders (docs/custom-nodes.md); one failing does not stop the rest.
  const host = new NodePackageHost(catalog as PackageCatalog, nodesDirs);
  attachPackageHost(catalog, host);
  for (const p of await host.reload()) {
    for (const e of p.errors) process.stderr.write(`node package ${p.name}: ${e.code} ${e.message}\n`);
  }
  return catalog;
}
