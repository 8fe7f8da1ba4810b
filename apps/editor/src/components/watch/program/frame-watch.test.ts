import { describe, expect, it } from 'vitest';
import { FrameWatch } from './frame-watch.ts';

describe('frame watch', () => {
  it('is live only while pictures arrive, and calls a stall after three silent seconds', () => {
    let now = 0;
    const watch = new FrameWatch(() => now);
    expect(watch.live).toBe(false);
    expect(watch.stalled(0)).toBe(false);
    now = 500;
    watch.frame();
    expect(watch.live).toBe(true);
    now = 2600;
    expect(watch.live).toBe(false);
    expect(watch.stalled(0)).toBe(false);
    now = 3600;
    expect(watch.stalled(0)).toBe(true);
  });

  it('calls a connection that never delivers a stall after the start allowance', () => {
    let now = 0;
    const watch = new FrameWatch(() => now);
    now = 9_000;
    expect(watch.stalled(0)).toBe(false);
    now = 10_001;
    expect(watch.stalled(0)).toBe(true);
  });
});
