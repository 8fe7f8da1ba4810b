import { PipelineDocument } from '../document.ts';
import { problem, type JsonPath, type Problem } from '../errors.ts';
import { migrateDocument } from '../migrate.ts';
import { validateDocument } from '../validate.ts';
import { findBindings, substitute } from './bindings.ts';
import { checkRequirements, type TemplateEnvironment } from './environment.ts';
import { templateHash } from './hash.ts';
import { migrateTemplate } from './migrate.ts';
import { describeType, valueSchema, type ParameterDef } from './params.ts';
import { findExecutableContent } from './safety.ts';
import { ShowflowTemplate, type TemplatePipeline } from './schema.ts';

export type TemplateValidation = { ok: true; template: ShowflowTemplate; problems: [] } | { ok: false; problems: Problem[] };

const withHint = (p: Problem, hint: string): Problem => ({ ...p, hint });

/**
 * Checks a template completely and reports every problem at once, each with a code, a
 * JSON path and a fix hint. Accepts the parsed JSON or its text. With an environment,
 * also checks that the node packages and type versions it needs are installed and that
 * its pipeline (with default values bound) is valid there. Never throws.
 */
export function validateTemplate(input: unknown, env?: TemplateEnvironment): TemplateValidation {
  try {
    return check(input, env);
  } catch (err) {
    // The checks are total by construction; this is the last line that keeps "never throws" true.
    return { ok: false, problems: [problem('SF120', `the template could not be read: ${(err as Error)?.message ?? String(err)}`)] };
  }
}

function check(input: unknown, env: TemplateEnvironment | undefined): TemplateValidation {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (err) {
      return { ok: false, problems: [withHint(problem('SF100', `the template is not valid JSON: ${(err as Error).message}`), 'check the file is a complete .showflow.json export')] };
    }
  }
  const unsafe = findExecutableContent(raw);
  if (unsafe.length) return { ok: false, problems: unsafe };

  const migrated = migrateTemplate(raw);
  if (!migrated.ok) return migrated;
  const parsed = ShowflowTemplate.safeParse(migrated.template);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => withHint(problem('SF120', i.message, i.path as JsonPath), 'compare with a template exported by `showflow template export`')),
    };
  }
  const template = parsed.data;
  const problems: Problem[] = [];

  for (const [name, def] of Object.entries(template.parameters)) {
    const result = valueSchema(def).safeParse(def.default);
    if (!result.success) {
      problems.push(withHint(problem('SF124', `default of ${name}: ${result.error.issues[0]?.message ?? 'invalid'}`, ['parameters', name, 'default']), `use ${describeType(def)}`));
    }
  }

  const pipeline = checkPipelineShape(template.pipeline, problems);
  if (pipeline) {
    checkBindings(pipeline, template.parameters, problems);
    checkDeclaredTypes(pipeline, template.requires, problems);
  }
  if (env) problems.push(...checkRequirements(template.requires, env));

  if (template.hash !== undefined) {
    const actual = templateHash(template as unknown as Record<string, unknown>);
    if (actual !== template.hash) {
      problems.push(withHint(problem('SF127', `the content hash is ${actual}, the file says ${template.hash}`, ['hash']), 'the file was changed after export: export it again, or remove "hash" to accept the edit'));
    }
  }

  // Config values and the graph are checked with the defaults bound, as an import would run it.
  if (pipeline && env && !problems.length) {
    const defaults = Object.fromEntries(Object.entries(template.parameters).map(([k, d]) => [k, d.default]));
    const result = validateDocument(substitute(pipeline, defaults), env.catalog);
    if (!result.ok) problems.push(...result.problems.map((p) => ({ ...p, path: ['pipeline', ...p.path] })));
  }

  if (problems.length) return { ok: false, problems };
  return { ok: true, template: { ...template, pipeline: pipeline! }, problems: [] };
}

function checkPipelineShape(input: unknown, problems: Problem[]): TemplatePipeline | undefined {
  const migrated = migrateDocument(input);
  if (!migrated.ok) {
    problems.push(...migrated.problems.map((p) => ({ ...p, path: ['pipeline', ...p.path] })));
    return undefined;
  }
  // Bindings are objects, which a config record accepts, so the shape can be checked before binding.
  const parsed = PipelineDocument.safeParse(migrated.document);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => problem('SF101', i.message, ['pipeline', ...(i.path as JsonPath)])));
    return undefined;
  }
  const doc = parsed.data;
  const outside = findBindings({ ...doc, nodes: doc.nodes.map(({ config: _c, ...n }) => n) });
  for (const b of outside) {
    problems.push(withHint(problem('SF125', `binding to ${b.param} outside a node config`, ['pipeline', ...b.path]), 'bindings may only replace values inside nodes[].config'));
  }
  return doc as TemplatePipeline;
}

function checkBindings(pipeline: TemplatePipeline, parameters: Record<string, ParameterDef>, problems: Problem[]): void {
  pipeline.nodes.forEach((node, i) => {
    for (const b of findBindings(node.config)) {
      const at = ['pipeline', 'nodes', i, 'config', ...b.path];
      if (!b.path.length) problems.push(withHint(problem('SF125', 'a binding must replace a config field, not the whole config', at, node.id), 'bind each field separately'));
      else if (!Object.prototype.hasOwnProperty.call(parameters, b.param)) {
        const known = Object.keys(parameters).join(', ') || 'none';
        problems.push(withHint(problem('SF125', `binding to unknown parameter "${b.param}"`, at, node.id), `declare it under "parameters" or use one of: ${known}`));
      }
    }
  });
}

function checkDeclaredTypes(pipeline: TemplatePipeline, requires: ShowflowTemplate['requires'], problems: Problem[]): void {
  const declared = new Map<string, number>();
  for (const r of requires) for (const [type, v] of Object.entries(r.types)) declared.set(type, v);
  pipeline.nodes.forEach((node, i) => {
    const v = declared.get(node.type);
    if (v === undefined) {
      problems.push(withHint(problem('SF128', `node ${node.id} uses ${node.type}, which requires does not list`, ['pipeline', 'nodes', i, 'type'], node.id), `add "${node.type}": ${node.typeVersion} to the types of its package in requires`));
    } else if (v < node.typeVersion) {
      problems.push(withHint(problem('SF128', `node ${node.id} is ${node.type} v${node.typeVersion} but requires lists v${v}`, ['pipeline', 'nodes', i, 'typeVersion'], node.id), `list ${node.type} at v${node.typeVersion} in requires`));
    }
  });
}
