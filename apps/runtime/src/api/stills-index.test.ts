import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '@showflow/shared';
import { stillBehaviourHash } from './stills-index.ts';

const doc = (overrides: { logoText?: string; denoise?: number; titleX?: number } = {}): PipelineDocument =>
  ({
    schemaVersion: 1,
    id: 'p',
    name: 'p',
    nodes: [
      { id: 'cam', type: 'showflow.capture', typeVersion: 1, config: { streamId: 'studio' }, position: { x: 0, y: 0 } },
      { id: 'dn', type: 'showflow.denoise', typeVersion: 1, config: { temporal: overrides.denoise ?? 12 }, position: { x: 1, y: 0 } },
      { id: 'logo', type: 'showflow.text-overlay', typeVersion: 1, config: { text: overrides.logoText ?? 'A' }, position: { x: overrides.titleX ?? 0, y: 1 } },
      { id: 'thumb', type: 'showflow.smart-crop', typeVersion: 1, config: {}, position: { x: 2, y: 0 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'cam', port: 'frame' }, to: { node: 'dn', port: 'frame' } },
      { id: 'e2', from: { node: 'dn', port: 'out' }, to: { node: 'thumb', port: 'frame' } },
    ],
  }) as PipelineDocument;

describe('stillBehaviourHash', () => {
  it('ignores positions and nodes that do not feed the still', () => {
    expect(stillBehaviourHash(doc({ titleX: 500 }), 'logo')).toBe(stillBehaviourHash(doc(), 'logo'));
    expect(stillBehaviourHash(doc({ denoise: 30 }), 'logo')).toBe(stillBehaviourHash(doc(), 'logo'));
  });

  it('changes with the still’s own config and with anything upstream of it', () => {
    expect(stillBehaviourHash(doc({ logoText: 'B' }), 'logo')).not.toBe(stillBehaviourHash(doc(), 'logo'));
    expect(stillBehaviourHash(doc({ denoise: 30 }), 'thumb')).not.toBe(stillBehaviourHash(doc(), 'thumb'));
  });

  it('is undefined for a node the document does not have', () => {
    expect(stillBehaviourHash(doc(), 'nope')).toBeUndefined();
  });
});
