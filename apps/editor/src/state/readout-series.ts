/**
 * What a node reports about its output, collected over time for the inspector's data view:
 * the leading number of its status line ("31.84 dB · avg 31.2 dB over 40" → 31.84 dB) as a
 * series, and each distinct status line as a log entry. Bounded, so a long show costs nothing.
 */
export interface ReadoutPoint {
  at: number;
  value: number;
}

export interface ReadoutEntry {
  at: number;
  text: string;
}

export const MAX_POINTS = 120;
export const MAX_ENTRIES = 30;

const LEADING_NUMBER = /(-?\d+(?:\.\d+)?)\s*(dBFS|dB|LUFS|fps|ms|%|[a-zA-Z]+)?/;

/** "31.84 dB · avg …" → { value: 31.84, unit: 'dB' }; null when the text has no number. */
export function leadingNumber(text: string): { value: number; unit: string } | null {
  const m = LEADING_NUMBER.exec(text);
  if (!m) return null;
  const value = Number(m[1]);
  return Number.isFinite(value) ? { value, unit: m[2] ?? '' } : null;
}

export class ReadoutSeries {
  readonly points: ReadoutPoint[] = [];
  readonly entries: ReadoutEntry[] = [];
  unit = '';
  private lastText: string | null = null;

  /** Records one status line; returns whether anything changed. */
  add(text: string, at: number): boolean {
    if (text === this.lastText) return false;
    this.lastText = text;
    const n = leadingNumber(text);
    if (n) {
      this.points.push({ at, value: n.value });
      if (n.unit) this.unit = n.unit;
      if (this.points.length > MAX_POINTS) this.points.splice(0, this.points.length - MAX_POINTS);
    }
    if (text) {
      this.entries.unshift({ at, text });
      if (this.entries.length > MAX_ENTRIES) this.entries.length = MAX_ENTRIES;
    }
    return true;
  }
}
