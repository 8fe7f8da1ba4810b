import { describe, expect, it } from 'vitest';
import { KeyframeRequests } from './keyframe-requests.ts';

describe('keyframe requests from viewers', () => {
  it('forces at most one keyframe per gap for the output, and one per longer gap per viewer', () => {
    let now = 0;
    const requests = new KeyframeRequests(() => now, { minGapMs: 1000, perViewerGapMs: 3000 });
    expect(requests.admit('a')).toBe(true);
    now = 500;
    expect(requests.admit('b')).toBe(false); // the output just made one
    now = 1200;
    expect(requests.admit('a')).toBe(false); // a asked 1.2 s ago
    expect(requests.admit('b')).toBe(true);
    // A viewer hammering PLI every 100 ms gets one keyframe per 3 s, not ten per second.
    let forcedForA = 0;
    for (now = 3000; now < 12_000; now += 100) if (requests.admit('a')) forcedForA++;
    expect(forcedForA).toBe(3);
    expect(requests.counters.received).toBe(4 + 90);
  });

  it('forgets a viewer that left', () => {
    let now = 0;
    const requests = new KeyframeRequests(() => now, { minGapMs: 0, perViewerGapMs: 3000 });
    expect(requests.admit('a')).toBe(true);
    requests.forget('a');
    now = 10;
    expect(requests.admit('a')).toBe(true);
  });
});
