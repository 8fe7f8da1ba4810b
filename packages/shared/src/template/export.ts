import { z } from 'zod';
import { canonicalJson } from '../hash.ts';
import { problem, type JsonPath, type Problem } from '../errors.ts';
import { migrateDocument } from '../migrate.ts';
import { PipelineDocument } from '../document.ts';
import { binding, getAt, setAt, structuredCloneJson } from './bindings.ts';
import { templateHash } from './hash.ts';
import { describeType, ParameterDef, ParameterName, valueSchema, type ParameterShape } from './params.ts';
import { findExecutableContent } from './safety.ts';
import { CURRENT_TEMPLATE_VERSION, TemplateMeta, type Requirement, type ShowflowTemplate } from './schema.ts';
import { validateTemplate } from './validate.ts';

/** A config field of one node that a parameter replaces. */
export const BindTarget = z.object({ node: z.string().min(1), path: z.array(z.union([z.string(), z.number().int().min(0)])).min(1) });

/**
 * A parameter to export: its definition without a default (the default is the value the
 * document holds at the bound fields) and the fields it binds.
 */
export const ExportParameter = z.object({
  name: ParameterName,
  definition: z.unknown(),
  bind: z.array(BindTarget).min(1),
});
export type ExportParameter = { name: string; definition: ParameterShape; bind: { node: string; path: JsonPath }[] };

export interface ExportOptions {
  /** Which package provides a node type, and its version; defaults to the built-ins. */
  packageOf?(type: string): { package: string; version?: string } | undefined;
}

export type TemplateExport = { ok: true; template: ShowflowTemplate } | { ok: false; problems: Problem[] };

/**
 * A template from a pipeline document: the bound config fields become `{"$param": …}`
 * placeholders whose defaults are the document's values, so importing it with defaults
 * gives back the same document (same hash). Requirements list every node type used.
 */
export function exportTemplate(document: unknown, params: ExportParameter[], meta: z.input<typeof TemplateMeta>, options: ExportOptions = {}): TemplateExport {
  const problems: Problem[] = [];
  const migrated = migrateDocument(document);
  if (!migrated.ok) return migrated;
  const parsedDoc = PipelineDocument.safeParse(migrated.document);
  if (!parsedDoc.success) return { ok: false, problems: parsedDoc.error.issues.map((i) => problem('SF101', i.message, ['pipeline', ...(i.path as JsonPath)])) };
  const pipeline = structuredCloneJson(parsedDoc.data);
  const parsedMeta = TemplateMeta.safeParse(meta);
  if (!parsedMeta.success) problems.push(...parsedMeta.error.issues.map((i) => problem('SF120', i.message, ['meta', ...(i.path as JsonPath)])));

  const parameters: Record<string, ParameterDef> = {};
  params.forEach((param, i) => {
    const at: JsonPath = ['params', i];
    if (!ParameterName.safeParse(param.name).success || parameters[param.name]) {
      problems.push(problem('SF120', `parameter name "${param.name}" is invalid or used twice`, [...at, 'name']));
      return;
    }
    const values: unknown[] = [];
    param.bind.forEach((target, j) => {
      const node = pipeline.nodes.find((n) => n.id === target.node);
      const value = node ? getAt(node.config, target.path) : undefined;
      if (value === undefined) {
        problems.push({ ...problem('SF125', `${param.name} binds ${target.node}.config.${target.path.join('.')}, which the document does not have`, [...at, 'bind', j]), hint: 'bind a config field the node sets explicitly' });
      } else values.push(value);
    });
    if (!values.length) return;
    if (values.some((v) => canonicalJson(v) !== canonicalJson(values[0]))) {
      problems.push({ ...problem('SF124', `the fields ${param.name} binds hold different values`, [...at, 'bind']), hint: 'bind fields that share one value, or use one parameter per field' });
      return;
    }
    const def = ParameterDef.safeParse({ ...param.definition, default: values[0] });
    if (!def.success) {
      problems.push(...def.error.issues.map((issue) => problem('SF120', issue.message, [...at, 'definition', ...(issue.path as JsonPath)])));
      return;
    }
    const value = valueSchema(def.data).safeParse(values[0]);
    if (!value.success) {
      problems.push({ ...problem('SF124', `${param.name} would default to ${JSON.stringify(values[0]).slice(0, 80)}: ${value.error.issues[0]?.message}`, [...at, 'bind']), hint: `choose a type whose values are ${describeType(def.data)}, or do not bind this field` });
      return;
    }
    parameters[param.name] = def.data;
    for (const target of param.bind) {
      const node = pipeline.nodes.find((n) => n.id === target.node)!;
      setAt(node.config, target.path, binding(param.name));
    }
  });
  if (problems.length) return { ok: false, problems };

  const byPackage = new Map<string, Requirement>();
  for (const node of pipeline.nodes) {
    const origin = options.packageOf?.(node.type) ?? { package: 'builtin' };
    const req = byPackage.get(origin.package) ?? { package: origin.package, ...(origin.version ? { version: origin.version } : {}), types: {} };
    req.types[node.type] = Math.max(req.types[node.type] ?? 0, node.typeVersion);
    byPackage.set(origin.package, req);
  }
  const content = {
    showflowTemplate: CURRENT_TEMPLATE_VERSION,
    meta: parsedMeta.data!,
    parameters,
    requires: [...byPackage.values()].sort((a, b) => (a.package < b.package ? -1 : a.package > b.package ? 1 : 0)),
    pipeline,
  };
  const unsafe = findExecutableContent(content);
  if (unsafe.length) return { ok: false, problems: unsafe };
  const template = { ...content, hash: templateHash(content) };
  // The exported file must import: check it exactly as an import would (without an environment).
  const check = validateTemplate(template);
  return check.ok ? { ok: true, template: check.template } : check;
}
