import type { NodeCatalog } from '@showflow/nodes/sdk';
import type { TemplateEnvironment } from '@showflow/shared';
import { packageHostOf } from '../packages/index.ts';

/** Templates are checked against what this runtime has installed: its catalog and loaded node packages. */
export function templateEnvironment(catalog: NodeCatalog): TemplateEnvironment {
  return { catalog, packageVersion: (name) => packageHostOf(catalog)?.version(name) };
}

/** Which package provides a node type and its version, as recorded in exported templates. */
export function packageOf(catalog: NodeCatalog) {
  return (type: string) => {
    const pkg = catalog.spec(type)?.package ?? 'builtin';
    const version = pkg === 'builtin' ? undefined : packageHostOf(catalog)?.version(pkg);
    return { package: pkg, ...(version ? { version } : {}) };
  };
}
