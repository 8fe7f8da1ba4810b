/** Money in the inspector: stored as integer minor units (cents), shown and typed in the currency. */

const DEFAULT_CURRENCY = 'EUR';

function digitsOf(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 2900, 'EUR' → "€29.00" (in the page's locale); an unknown code falls back to "29.00 XYZ". */
export function formatMoney(cents: number, currency = DEFAULT_CURRENCY, locale?: string): string {
  const digits = digitsOf(currency);
  const amount = cents / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

/** 2900 → "29.00": what the amount box shows (a dot, whatever the locale, so it round-trips). */
export function centsToText(cents: number, currency = DEFAULT_CURRENCY): string {
  const digits = digitsOf(currency);
  return (cents / 10 ** digits).toFixed(digits);
}

/**
 * "29", "29.5", "29,50", "€ 1,299.00" → minor units; null when it is not an amount, has
 * more decimals than the currency (no silent rounding of a price) or is ambiguous.
 */
export function textToCents(text: string, currency = DEFAULT_CURRENCY): number | null {
  const digits = digitsOf(currency);
  let t = text.replace(/[\s\u00a0]/g, '').replace(/^[^\d.,-]+|[^\d.,]+$/g, '');
  // "1,299.00" / "1.299,00": the last separator is the decimal one when followed by 1–2 digits.
  const last = Math.max(t.lastIndexOf('.'), t.lastIndexOf(','));
  if (last >= 0 && t.length - last - 1 <= digits && t.length - last - 1 > 0) {
    t = t.slice(0, last).replace(/[.,]/g, '') + '.' + t.slice(last + 1);
  } else if (/^-?\d{1,3}([.,]\d{3}){2,}$/.test(t)) {
    t = t.replace(/[.,]/g, ''); // "1,299,000"
  }
  // What is left with one separator before three digits ("1,299", "12.345") could be a
  // thousands mark or a slip; a price is not worth guessing, so it is refused.
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const [whole, fraction = ''] = t.replace('-', '').split('.');
  if (fraction.length > digits) return null;
  const cents = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || 0);
  return Number.isSafeInteger(cents) ? (t.startsWith('-') ? -cents : cents) : null;
}
