import { describe, expect, it } from 'vitest';
import { centsToText, formatMoney, textToCents } from './money.ts';

describe('money', () => {
  it('shows cents in the currency', () => {
    expect(formatMoney(2900, 'EUR', 'en-GB')).toBe('€29.00');
    expect(formatMoney(1_000_000_000, 'USD', 'en-US')).toBe('$10,000,000.00');
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
    expect(centsToText(4900)).toBe('49.00');
  });

  it('reads what a producer types', () => {
    expect(textToCents('29')).toBe(2900);
    expect(textToCents('29.5')).toBe(2950);
    expect(textToCents('29,50')).toBe(2950);
    expect(textToCents('€ 1,299.00')).toBe(129900);
    expect(textToCents('1.299,00')).toBe(129900);
    expect(textToCents('1,299,000')).toBe(129900000);
    expect(textToCents('500', 'JPY')).toBe(500);
  });

  it('refuses what is not an amount, and does not round away a third decimal', () => {
    expect(textToCents('abc')).toBeNull();
    expect(textToCents('')).toBeNull();
    expect(textToCents('12.345')).toBeNull();
    expect(textToCents('1,299')).toBeNull(); // thousands or a slip of the decimal point: asked again
    expect(textToCents('1e5')).toBeNull();
  });
});
