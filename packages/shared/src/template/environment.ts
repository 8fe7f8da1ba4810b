import type { CatalogLookup } from '../catalog.ts';
import { problem, type Problem } from '../errors.ts';
import type { Requirement } from './schema.ts';

/** What a template is checked against when it is imported somewhere: the node types installed there. */
export interface TemplateEnvironment {
  catalog: CatalogLookup;
  /** Version of an installed node package, undefined if it is not installed (built-ins are always there). */
  packageVersion?(name: string): string | undefined;
}

/** Same major version and not older: 1.4.0 satisfies 1.2.3, 2.0.0 does not. */
export function satisfies(installed: string, wanted: string): boolean {
  const a = installed.split(/[.+-]/).slice(0, 3).map(Number);
  const b = wanted.split(/[.+-]/).slice(0, 3).map(Number);
  if (a.some(Number.isNaN) || b.some(Number.isNaN)) return false;
  if (a[0] !== b[0]) return false;
  return a[1] > b[1] || (a[1] === b[1] && a[2] >= b[2]);
}

/** Every required package and node type version that is missing or too old here. */
export function checkRequirements(requires: Requirement[], env: TemplateEnvironment): Problem[] {
  const problems: Problem[] = [];
  requires.forEach((req, i) => {
    const from = req.package === 'builtin' ? 'the built-in nodes' : `${req.package}${req.version ? ` ${req.version}` : ''}`;
    const install =
      req.package === 'builtin'
        ? 'update Showflow'
        : `install ${req.package}${req.version ? `@^${req.version}` : ''} into the runtime's nodes folder (see docs/custom-nodes.md) and reload node packages`;
    if (req.package !== 'builtin' && req.version && env.packageVersion) {
      const installed = env.packageVersion(req.package);
      if (installed === undefined) {
        problems.push({ ...problem('SF122', `node package ${req.package} ${req.version} is not installed`, ['requires', i, 'package']), hint: install });
        return;
      }
      if (!satisfies(installed, req.version)) {
        problems.push({ ...problem('SF122', `node package ${req.package} is ${installed}; the template needs ^${req.version}`, ['requires', i, 'version']), hint: install });
      }
    }
    for (const [type, version] of Object.entries(req.types)) {
      const spec = env.catalog.spec(type);
      if (!spec) {
        problems.push({ ...problem('SF122', `node type ${type} v${version} from ${from} is not installed`, ['requires', i, 'types', type]), hint: install });
      } else if (spec.typeVersion < version) {
        problems.push({ ...problem('SF122', `node type ${type} is v${spec.typeVersion} here; the template needs v${version} from ${from}`, ['requires', i, 'types', type]), hint: install });
      }
    }
  });
  return problems;
}
