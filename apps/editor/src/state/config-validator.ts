import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonPath, NodeSpec } from '@showflow/shared';

export interface ConfigIssue {
  path: JsonPath;
  message: string;
}

// One compiler for the page; each node type's schema compiles once.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

/**
 * Checks a config against the JSON Schema the runtime publishes for the node type (the
 * same schema its zod definition produced), so the inspector shows the runtime's rules.
 */
export function checkConfig(spec: Pick<NodeSpec, 'type' | 'typeVersion' | 'configSchema'>, config: unknown): ConfigIssue[] {
  const key = `${spec.type}@${spec.typeVersion}`;
  let validate = compiled.get(key);
  if (!validate) {
    const { $schema: _dialect, ...schema } = spec.configSchema;
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  if (validate(config)) return [];
  return (validate.errors ?? []).map(toIssue);
}

function toIssue(error: ErrorObject): ConfigIssue {
  const path: JsonPath = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return { path: [...path, String(params.missingProperty)], message: 'is required' };
  if (error.keyword === 'additionalProperties') return { path: [...path, String(params.additionalProperty)], message: 'is not a known setting' };
  if (error.keyword === 'enum') return { path, message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
  return { path, message: error.message ?? 'is invalid' };
}

/** Issues for one top-level field, for showing next to its input. */
export function issuesFor(issues: readonly ConfigIssue[], field: string): ConfigIssue[] {
  return issues.filter((i) => i.path[0] === field);
}
