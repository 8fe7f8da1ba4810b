import { describe, expect, it } from 'vitest';
import { parseDocumentFile, serialiseDocument } from './document-file.ts';
import { emptyDoc } from '../test/fixtures.ts';

describe('parseDocumentFile', () => {
  it('round-trips an exported document', () => {
    const doc = { ...emptyDoc(), nodes: [{ id: 'a', type: 'showflow.camera', typeVersion: 1, config: {}, position: { x: 1, y: 2 } }] };
    expect(parseDocumentFile(serialiseDocument(doc))).toEqual({ ok: true, doc });
  });

  it('explains what is wrong with a bad file', () => {
    const notJson = parseDocumentFile('{nope');
    expect(notJson.ok === false && notJson.problems[0].code).toBe('SF100');
    const wrongShape = parseDocumentFile(JSON.stringify({ schemaVersion: 1, id: 'x', name: 'x', nodes: [{ id: 'a' }], edges: [] }));
    expect(wrongShape.ok === false && wrongShape.problems[0]).toMatchObject({ code: 'SF101', path: ['nodes', 0, 'type'] });
    const future = parseDocumentFile(JSON.stringify({ schemaVersion: 99 }));
    expect(future.ok === false && future.problems[0].code).toBe('SF110');
  });
});
