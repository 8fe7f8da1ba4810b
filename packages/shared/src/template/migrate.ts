import { problem, type Problem } from '../errors.ts';
import { CURRENT_TEMPLATE_VERSION } from './schema.ts';

type Migration = (t: Record<string, unknown>) => Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * One function per template schema step, keyed by the version it upgrades from, so files
 * shared by studios on older releases keep importing.
 */
const migrations: Record<number, Migration> = {
  // v1 kept metadata at the top level, parameters as a list with a `name` each, and
  // requirements as a flat `{type: typeVersion}` map with no package names.
  1: (t) => {
    const { name, author, description, preview, params, requires, ...rest } = t;
    const parameters: Record<string, unknown> = {};
    for (const p of Array.isArray(params) ? params : []) {
      if (!isRecord(p)) continue;
      const { name: key, ...def } = p;
      if (typeof key === 'string') parameters[key] = { label: key, ...def };
    }
    const types = isRecord(requires) ? requires : {};
    return {
      ...rest,
      showflowTemplate: 2,
      meta: { name, author: author ?? 'unknown', ...(description !== undefined ? { description } : {}), ...(preview !== undefined ? { preview } : {}) },
      parameters,
      // v1 files could only use built-in nodes and anything installed by hand; the package is unknown.
      requires: Object.keys(types).length ? [{ package: 'builtin', types }] : [],
    };
  },
};

export type TemplateMigration = { ok: true; template: Record<string, unknown>; from: number } | { ok: false; problems: Problem[] };

export function migrateTemplate(input: unknown): TemplateMigration {
  if (!isRecord(input)) return { ok: false, problems: [{ ...problem('SF120', 'a template must be a JSON object', []), hint: 'export the template again from the editor or CLI' }] };
  const from = input.showflowTemplate;
  if (typeof from !== 'number' || !Number.isInteger(from)) {
    return { ok: false, problems: [{ ...problem('SF121', 'showflowTemplate (the template schema version) is missing or not an integer', ['showflowTemplate']), hint: `set "showflowTemplate": ${CURRENT_TEMPLATE_VERSION}` }] };
  }
  if (from < 1 || from > CURRENT_TEMPLATE_VERSION) {
    return {
      ok: false,
      problems: [{ ...problem('SF121', `template schema version ${from} is not supported (this build reads 1–${CURRENT_TEMPLATE_VERSION})`, ['showflowTemplate']), hint: 'update Showflow to import templates from newer releases' }],
    };
  }
  let t = input;
  for (let v = from; v < CURRENT_TEMPLATE_VERSION; v++) t = migrations[v](t);
  return { ok: true, template: t, from };
}
