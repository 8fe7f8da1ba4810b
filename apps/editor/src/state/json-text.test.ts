import { describe, expect, it } from 'vitest';
import { parseJsonText, sameJson } from './json-text.ts';

describe('parseJsonText', () => {
  it('reads valid JSON', () => {
    expect(parseJsonText('[{"a": 1}]')).toEqual({ ok: true, value: [{ a: 1 }] });
  });

  it.each([
    ['[\n  {"sku": "CAP",,\n]', 2, 17, 'unexpected ",": a name in double quotes should come here'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'unexpected "\\"": a comma or } should come here'],
    ['[1, 2', 1, 6, 'the text ends: a comma or ] should come here'],
    ['{"a": tru}', 1, 7, 'unexpected "t" where a value should be'],
    ['{a: 1}', 1, 2, 'unexpected "a": a name in double quotes should come here'],
    ['"open', 1, 6, 'a quote is not closed'],
    ['[1] x', 1, 5, 'unexpected "x" after the end of the value'],
  ])('says where %j goes wrong', (text, line, column, reason) => {
    expect(parseJsonText(text)).toEqual({ ok: false, error: { reason, line, column } });
  });

  it('compares values, not formatting', () => {
    expect(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });
});
