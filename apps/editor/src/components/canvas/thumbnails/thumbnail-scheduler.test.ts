import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThumbnailScheduler, type FrameSource, type ThumbnailTarget } from './thumbnail-scheduler.ts';

/** An <img> stand-in that "loads" whatever src it gets on the next tick. */
function fakeImage(loads = true): ThumbnailTarget & { loaded: string[] } {
  const img = {
    hidden: false,
    onload: null,
    onerror: null,
    loaded: [] as string[],
    _src: '',
    get src() {
      return this._src;
    },
    set src(url: string) {
      this._src = url;
      queueMicrotask(() => {
        if (this._src !== url) return;
        if (loads) {
          this.loaded.push(url);
          (this.onload as (() => void) | null)?.();
        } else (this.onerror as (() => void) | null)?.();
      });
    },
    removeAttribute(name: string) {
      if (name === 'src') this._src = '';
    },
  };
  return img as unknown as ThumbnailTarget & { loaded: string[] };
}

function fakeUrls() {
  let next = 0;
  const live = new Set<string>();
  return {
    live,
    createObjectURL: () => {
      const url = `blob:${++next}`;
      live.add(url);
      return url;
    },
    revokeObjectURL: (url: string) => void live.delete(url),
  };
}

describe('thumbnail scheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = (source: FrameSource, opts: { maxInFlight?: number; live?: (id: string) => boolean } = {}) => {
    const urls = fakeUrls();
    const scheduler = new ThumbnailScheduler({ source, isLive: opts.live ?? (() => true), urls, now: () => Date.now(), intervalMs: 500, retryMs: 2000, maxInFlight: opts.maxInFlight });
    scheduler.setGate('running', true);
    return { scheduler, urls };
  };
  let seq = 0;
  const picture: FrameSource = async () => ({ blob: new Blob(['jpeg']), seq: String(++seq) });

  it('asks each visible node at most twice a second, shows the picture, and revokes the one it replaced', async () => {
    const asked: string[] = [];
    const { scheduler, urls } = setup(async (id, signal) => {
      asked.push(id);
      return picture(id, signal);
    });
    const img = fakeImage();
    scheduler.attach('cam', img);
    expect(img.hidden).toBe(true);
    scheduler.setVisible('cam', true);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(asked.length).toBeLessThanOrEqual(5);
    expect(img.hidden).toBe(false);
    expect(urls.live).toEqual(new Set([img.src]));
    expect(scheduler.shown).toBe(asked.length);
  });

  it('skips nodes off screen, nodes the running pipeline lacks, and everything while a gate is shut', async () => {
    const asked: string[] = [];
    const { scheduler } = setup(async (id, signal) => {
      asked.push(id);
      return picture(id, signal);
    }, { live: (id) => id !== 'new' });
    scheduler.attach('off', fakeImage());
    scheduler.attach('new', fakeImage());
    scheduler.setVisible('new', true);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(asked).toEqual([]);
    const cam = fakeImage();
    scheduler.attach('cam', cam);
    scheduler.setVisible('cam', true);
    scheduler.setGate('zoom', false);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(asked).toEqual([]);
    scheduler.setGate('zoom', true);
    await vi.advanceTimersByTimeAsync(100);
    expect(asked).toEqual(['cam']);
    scheduler.setGate('enabled', false);
    expect(cam.hidden).toBe(true);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(asked).toEqual(['cam']);
  });

  it('keeps at most maxInFlight requests open across the canvas', async () => {
    let open = 0;
    let most = 0;
    const { scheduler } = setup(async (id, signal) => {
      most = Math.max(most, ++open);
      await new Promise((r) => setTimeout(r, 300));
      open--;
      return picture(id, signal);
    }, { maxInFlight: 2 });
    for (let i = 0; i < 10; i++) {
      scheduler.attach(`n${i}`, fakeImage());
      scheduler.setVisible(`n${i}`, true);
    }
    await vi.advanceTimersByTimeAsync(5_000);
    expect(most).toBe(2);
    expect(scheduler.requests).toBeGreaterThan(10);
  });

  it('shows nothing when a request fails or the bytes are no picture, and backs off', async () => {
    let calls = 0;
    const { scheduler, urls } = setup(async () => {
      calls++;
      if (calls === 1) throw new Error('offline');
      return { blob: new Blob(['<html>']), seq: String(calls) };
    });
    const img = fakeImage(false);
    scheduler.attach('cam', img);
    scheduler.setVisible('cam', true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(1); // the retry waits 2 s, not the 500 ms of a success
    await vi.advanceTimersByTimeAsync(1_500);
    expect(calls).toBe(2);
    expect(img.hidden).toBe(true);
    expect(urls.live.size).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2); // undecodable bytes back off as long as a failure
  });

  it('does not decode the same frame twice, and lets go of everything when the node goes', async () => {
    const { scheduler, urls } = setup(async () => ({ blob: new Blob(['jpeg']), seq: '7' }));
    const img = fakeImage();
    const detach = scheduler.attach('cam', img);
    scheduler.setVisible('cam', true);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(img.loaded).toHaveLength(1);
    detach();
    expect(urls.live.size).toBe(0);
    expect(img.hidden).toBe(true);
  });
});
