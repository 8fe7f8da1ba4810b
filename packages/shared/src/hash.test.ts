import { describe, expect, it } from 'vitest';
import { canonicalJson, documentHash, nodeBehaviourHash, sha256Hex } from './hash.ts';
import { PipelineDocument } from './document.ts';

describe('hashing', () => {
  it('is a real sha256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('ignores key order but not values', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    const a = PipelineDocument.parse({ schemaVersion: 1, id: 'p', name: 'P', nodes: [], edges: [] });
    const b = PipelineDocument.parse({ edges: [], nodes: [], name: 'P', id: 'p', schemaVersion: 1 });
    expect(documentHash(a)).toBe(documentHash(b));
    expect(documentHash(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(documentHash({ ...a, name: 'Q' })).not.toBe(documentHash(a));
  });

  it('gives a node the same behaviour hash wherever it sits on the canvas', () => {
    const n = { type: 'showflow.denoise', typeVersion: 1, config: { strength: 4 } };
    expect(nodeBehaviourHash(n)).toBe(nodeBehaviourHash({ ...n }));
    expect(nodeBehaviourHash({ ...n, config: { strength: 5 } })).not.toBe(nodeBehaviourHash(n));
  });
});
