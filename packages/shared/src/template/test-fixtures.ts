import type { PipelineDocumentInput } from '../document.ts';
import type { ExportParameter } from './export.ts';

/** A small pipeline on the shared test catalog (test.source → test.blur → test.sink). */
export function sampleDocument(): PipelineDocumentInput {
  return {
    schemaVersion: 1,
    id: 'brand-show',
    name: 'Brand show',
    description: 'source, blur, sink',
    nodes: [
      { id: 'cam', type: 'test.source', typeVersion: 2, config: { color: '#d6336c', title: 'Hello' }, position: { x: 0, y: 0 } },
      { id: 'blur', type: 'test.blur', typeVersion: 2, config: { strength: 4, tint: '#d6336c', prompts: ['a red lipstick on marble'] }, position: { x: 200, y: 0 } },
      { id: 'out', type: 'test.sink', typeVersion: 2, label: 'Program', config: {}, position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'cam', port: 'frame' }, to: { node: 'blur', port: 'frame' } },
      { id: 'e2', from: { node: 'blur', port: 'frame' }, to: { node: 'out', port: 'frame' } },
    ],
  };
}

export const sampleParams: ExportParameter[] = [
  { name: 'brandColor', definition: { type: 'color', label: 'Brand colour' }, bind: [{ node: 'cam', path: ['color'] }, { node: 'blur', path: ['tint'] }] },
  { name: 'title', definition: { type: 'text', label: 'Title', maxLength: 80 }, bind: [{ node: 'cam', path: ['title'] }] },
  { name: 'strength', definition: { type: 'number', label: 'Blur', min: 0, max: 10 }, bind: [{ node: 'blur', path: ['strength'] }] },
  { name: 'prompts', definition: { type: 'prompt-list', label: 'Prompts' }, bind: [{ node: 'blur', path: ['prompts'] }] },
];

export const sampleMeta = { name: 'Brand show', author: 'Test Studio', description: 'A template for tests' };
