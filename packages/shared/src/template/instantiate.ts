import { PipelineDocument } from '../document.ts';
import { problem, type Problem } from '../errors.ts';
import { substitute, structuredCloneJson } from './bindings.ts';
import { describeType, valueSchema } from './params.ts';
import { findExecutableContent } from './safety.ts';
import type { ShowflowTemplate } from './schema.ts';

export type Instantiation = { ok: true; document: PipelineDocument; values: Record<string, unknown> } | { ok: false; problems: Problem[] };

/**
 * The pipeline document a (validated) template makes with these parameter values;
 * parameters left out take their defaults. Every unknown or ill-typed value is reported
 * and nothing is returned then: there is no partial import.
 */
export function instantiate(template: ShowflowTemplate, values: Record<string, unknown> = {}): Instantiation {
  const problems: Problem[] = findExecutableContent(values, ['values']);
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(template.parameters, name)) {
      const known = Object.keys(template.parameters).join(', ') || 'none';
      problems.push({ ...problem('SF123', `the template has no parameter "${name}"`, ['values', name]), hint: `remove it; the parameters are: ${known}` });
    }
  }
  for (const [name, def] of Object.entries(template.parameters)) {
    const given = Object.prototype.hasOwnProperty.call(values ?? {}, name) && values[name] !== undefined;
    const value = given ? values[name] : def.default;
    const result = valueSchema(def).safeParse(value);
    if (!result.success) {
      problems.push({ ...problem('SF124', `${def.label}: ${result.error.issues[0]?.message ?? 'invalid value'}`, [given ? 'values' : 'parameters', name]), hint: `give ${describeType(def)}` });
    } else resolved[name] = structuredCloneJson(value); // as given: schema defaults (e.g. currency) stay the nodes' business
  }
  if (problems.length) return { ok: false, problems };
  const parsed = PipelineDocument.safeParse(substitute(template.pipeline, resolved));
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => problem('SF101', i.message, ['pipeline', ...(i.path as (string | number)[])])) };
  return { ok: true, document: parsed.data, values: resolved };
}
