import type { NodeSpec, PipelineDocument, PortType } from '@showflow/shared';
import { contextFromSpecs, initialState, type EditorState } from '../state/editor-state.ts';

const ports = (list: [string, PortType, boolean?][]) => list.map(([id, type, multiple]) => ({ id, type, ...(multiple ? { multiple } : {}) }));

// Schemas in the shape zod's toJSONSchema({io: 'input'}) writes them, as the runtime publishes.
const spec = (type: string, category: NodeSpec['category'], inputs: [string, PortType, boolean?][], outputs: [string, PortType][], properties: Record<string, unknown> = {}): NodeSpec => ({
  type,
  typeVersion: 1,
  title: type.split('.')[1].replace(/^./, (c) => c.toUpperCase()),
  category,
  description: `${type} for tests`,
  inputs: ports(inputs),
  outputs: ports(outputs),
  configSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties },
  defaults: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, (v as { default: unknown }).default])),
  budgetMs: 10,
  package: 'builtin',
});

export const specs: NodeSpec[] = [
  spec('showflow.camera', 'source', [], [['frame', 'frame']], { fps: { default: 30, type: 'integer', minimum: 1, maximum: 60 } }),
  spec('showflow.denoise', 'process', [['frame', 'frame']], [['frame', 'frame']], {
    strength: { default: 0.5, description: 'how much', type: 'number', minimum: 0, maximum: 1 },
    mode: { default: 'fast', type: 'string', enum: ['fast', 'fine'] },
    enabled: { default: true, type: 'boolean' },
    tint: { default: '#ff0000', type: 'string', pattern: '^#[0-9a-f]{6}$' },
  }),
  spec('showflow.overlay', 'generative', [], [['image', 'image']], { prompt: { default: 'logo', type: 'string', minLength: 1 } }),
  spec('showflow.compose', 'compose', [['frame', 'frame'], ['overlay', 'image']], [['frame', 'frame']]),
  spec('showflow.drop', 'commerce', [['events', 'event', true]], [['event', 'event']]),
  spec('showflow.viewer', 'output', [['frame', 'frame']], []),
];

export const ctx = contextFromSpecs(specs);

export function emptyDoc(): PipelineDocument {
  return { schemaVersion: 1, id: 'test', name: 'Test', nodes: [], edges: [] };
}

export function stateWith(types: string[]): EditorState {
  const doc = emptyDoc();
  types.forEach((type, i) => {
    const s = specs.find((x) => x.type === type)!;
    doc.nodes.push({ id: `${type.split('.')[1]}-${i + 1}`, type, typeVersion: 1, config: structuredClone(s.defaults), position: { x: i * 250, y: 0 } });
  });
  return initialState(doc);
}
