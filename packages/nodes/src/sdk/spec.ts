import { z } from 'zod';
import type { NodeSpec } from '@showflow/shared';
import type { AnyNodeDefinition, InputDecls, OutputDecls } from './define-node.ts';

/** The serialisable spec the palette, inspector and validator use. */
export function toNodeSpec(def: AnyNodeDefinition, pkg = 'builtin'): NodeSpec {
  return {
    type: def.type,
    typeVersion: def.typeVersion,
    title: def.title,
    category: def.category,
    description: def.description,
    inputs: Object.entries(def.inputs as InputDecls).map(([id, p]) => ({ id, type: p.type, ...(p.label ? { label: p.label } : {}) })),
    outputs: Object.entries(def.outputs as OutputDecls).map(([id, p]) => ({ id, type: p.type, ...(p.label ? { label: p.label } : {}) })),
    configSchema: z.toJSONSchema(def.config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    defaults: def.config.parse({}),
    budgetMs: def.budgetMs,
    package: pkg,
  };
}
