import { describe, expect, it } from 'vitest';
import { RateMeter, SlidingHistogram } from './histogram.ts';

describe('SlidingHistogram', () => {
  it('gives nearest-rank percentiles', () => {
    const h = new SlidingHistogram(1000);
    for (let v = 100; v >= 1; v--) h.record(v);
    expect(h.percentiles()).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(h.count).toBe(100);
  });

  it('forgets samples that left the window', () => {
    const h = new SlidingHistogram(10);
    for (let i = 0; i < 10; i++) h.record(1000);
    for (let i = 0; i < 10; i++) h.record(1);
    expect(h.percentiles()).toEqual({ p50: 1, p95: 1, p99: 1 });
    expect(h.count).toBe(20);
  });

  it('is all zeros when empty', () => {
    expect(new SlidingHistogram().percentiles()).toEqual({ p50: 0, p95: 0, p99: 0 });
  });
});

describe('RateMeter', () => {
  it('counts events per second over its window', () => {
    let now = 0;
    const meter = new RateMeter(1000, 10, () => now);
    for (let i = 0; i < 30; i++) {
      now = i * (1000 / 30);
      meter.mark();
    }
    now = 1000;
    expect(meter.perSecond()).toBeCloseTo(30, 0);
    now = 5000;
    expect(meter.perSecond()).toBe(0);
  });
});
