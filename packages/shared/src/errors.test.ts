import { describe, expect, it } from 'vitest';
import { errorCatalog, formatPath, formatProblem, problem } from './errors.ts';

describe('error catalogue', () => {
  it('uses stable SFnnn codes, each with a message', () => {
    for (const [code, message] of Object.entries(errorCatalog)) {
      expect(code).toMatch(/^SF[1-9]\d\d$/);
      expect(message.length).toBeGreaterThan(5);
    }
  });

  it('formats paths the way people write them', () => {
    expect(formatPath(['nodes', 2, 'config', 'strength'])).toBe('nodes[2].config.strength');
    expect(formatPath([])).toBe('(document)');
    expect(formatProblem(problem('SF103', 'too strong', ['nodes', 0, 'config', 'x'], 'a'))).toBe('SF103 nodes[0].config.x: too strong');
  });
});
