import { describe, expect, it } from 'vitest';
import { leadingNumber, MAX_ENTRIES, MAX_POINTS, ReadoutSeries } from './readout-series.ts';

describe('readout series', () => {
  it('reads the leading number and unit of a status line', () => {
    expect(leadingNumber('31.84 dB · avg 31.20 dB over 40')).toEqual({ value: 31.84, unit: 'dB' });
    expect(leadingNumber('-14.2 LUFS short-term')).toEqual({ value: -14.2, unit: 'LUFS' });
    expect(leadingNumber('waiting for the reference')).toBeNull();
  });

  it('keeps numbers as a bounded series and distinct lines as a newest-first log', () => {
    const s = new ReadoutSeries();
    expect(s.add('30.00 dB', 1)).toBe(true);
    expect(s.add('30.00 dB', 2)).toBe(false);
    s.add('waiting', 3);
    s.add('32.50 dB', 4);
    expect(s.points).toEqual([{ at: 1, value: 30 }, { at: 4, value: 32.5 }]);
    expect(s.unit).toBe('dB');
    expect(s.entries.map((e) => e.text)).toEqual(['32.50 dB', 'waiting', '30.00 dB']);
    for (let i = 0; i < 500; i++) s.add(`${i} dB`, 10 + i);
    expect(s.points).toHaveLength(MAX_POINTS);
    expect(s.entries).toHaveLength(MAX_ENTRIES);
    expect(s.points.at(-1)).toEqual({ at: 509, value: 499 });
  });
});
