import { describe, expect, it } from 'vitest';
import { formatCountdown, formatMoney } from './format.ts';

describe('viewer-facing formats', () => {
  it('formats money from cents', () => {
    expect(formatMoney(4900, 'EUR')).toBe('€49.00');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
  });

  it('rounds countdowns up to whole seconds, so 0:00 means over', () => {
    expect(formatCountdown(245_000)).toBe('4:05');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(-10)).toBe('0:00');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
  });
});
