import { describe, expect, it } from 'vitest';
import { LatencyHistory } from './latency-history.ts';

describe('LatencyHistory', () => {
  it('keeps the newest samples up to its capacity, oldest first', () => {
    const h = new LatencyHistory(3, 60_000);
    for (let t = 1; t <= 5; t++) h.push(t, t * 10, t * 20);
    expect(h.samples()).toEqual([
      { at: 3, p50: 30, p95: 60 },
      { at: 4, p50: 40, p95: 80 },
      { at: 5, p50: 50, p95: 100 },
    ]);
  });

  it('drops samples older than its window', () => {
    const h = new LatencyHistory(10, 1000);
    h.push(0, 1, 2);
    h.push(500, 1, 2);
    h.push(1200, 1, 2);
    expect(h.samples().map((s) => s.at)).toEqual([500, 1200]);
  });

  it('returns the same array until the next push', () => {
    const h = new LatencyHistory(4, 60_000);
    h.push(1, 1, 1);
    const first = h.samples();
    expect(h.samples()).toBe(first);
    h.push(2, 2, 2);
    expect(h.samples()).not.toBe(first);
    expect(h.samples()).toHaveLength(2);
  });
});
