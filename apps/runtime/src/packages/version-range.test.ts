import { describe, expect, it } from 'vitest';
import { satisfies } from './version-range.ts';

describe('satisfies', () => {
  it.each([
    ['0.1.0', '^0.1.0', true],
    ['0.1.7', '^0.1.0', true],
    ['0.2.0', '^0.1.0', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['1.9.0', '^1.2', true],
    ['2.0.0', '^1.2.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['0.1.0', '0.1.0', true],
    ['0.1.1', '0.1.0', false],
    ['0.1.5', '0.1.x', true],
    ['0.1.5', '0.1', true],
    ['0.2.0', '0.1', false],
    ['3.0.0', '*', true],
    ['3.0.0', '', true],
    ['0.1.0', '>=0.1.0 <0.2.0', true],
    ['0.2.0', '>=0.1.0 <0.2.0', false],
    ['0.1.0', '>0.1.0', false],
    ['0.1.0', '<=0.1', true],
    ['2.1.0', '^1.0.0 || ^2.0.0', true],
    ['3.1.0', '^1.0.0 || ^2.0.0', false],
  ])('%s in %s → %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('says when it cannot read a range', () => {
    expect(satisfies('0.1.0', 'file:../nodes')).toBeNull();
    expect(satisfies('0.1.0', 'latest')).toBeNull();
  });
});
