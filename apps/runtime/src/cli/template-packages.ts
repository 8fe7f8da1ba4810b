import type { NodeCatalog } from '@showflow/nodes/sdk';
import { packageHostOf } from '../packages/index.ts';

/** `showflow packages`: what the nodes folders hold, and why a package did not load. Exit 1 if one failed. */
export function packagesCommand(catalog: NodeCatalog, json: boolean, out: (line: string) => void): number {
  const host = packageHostOf(catalog);
  const packages = host?.list() ?? [];
  if (json) out(JSON.stringify({ dirs: host?.nodesDirs ?? [], packages }, null, 2));
  else {
    out(`nodes folders: ${(host?.nodesDirs ?? []).join(', ') || 'none'}`);
    if (!packages.length) out('no node packages found');
    for (const p of packages) {
      out(`${p.status === 'loaded' ? 'ok    ' : 'FAILED'} ${p.name}${p.version ? `@${p.version}` : ''} (${p.dir})`);
      for (const t of p.types) out(`         ${t.type} v${t.typeVersion}`);
      for (const e of p.errors) out(`         ${e.code} ${e.message}`);
    }
  }
  return packages.some((p) => p.status === 'failed') ? 1 : 0;
}
