import { describe, expect, it } from 'vitest';
import { Admission } from './admission.ts';

/** A task that runs until released, to hold admission slots. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('Admission', () => {
  it('never starts work for a client that left while it waited', async () => {
    const admission = new Admission({ concurrency: 1, maxQueued: 5 });
    const hold = gate();
    const running = admission.run(new AbortController().signal, () => hold.opened);
    const left = new AbortController();
    let started = false;
    const waiting = admission.run(left.signal, async () => {
      started = true;
    });
    expect(admission.queued).toBe(1);
    left.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'SF425' });
    expect(admission.queued).toBe(0);
    hold.open();
    await running;
    expect(started).toBe(false);
    expect(admission.abandoned).toBe(1);
    // The slot went to the next caller.
    await expect(admission.run(new AbortController().signal, async () => 'served')).resolves.toBe('served');
  });

  it('refuses with SF421 and a Retry-After once the queue is full, and serves the rest in order', async () => {
    const admission = new Admission({ concurrency: 1, maxQueued: 2 });
    const hold = gate();
    const order: number[] = [];
    const signal = new AbortController().signal;
    const first = admission.run(signal, () => hold.opened);
    const queued = [1, 2].map((n) => admission.run(signal, async () => void order.push(n)));
    await expect(admission.run(signal, async () => undefined)).rejects.toMatchObject({ code: 'SF421', status: 429, retryAfterSeconds: expect.any(Number) });
    expect(admission.shed).toBe(1);
    hold.open();
    await Promise.all([first, ...queued]);
    expect(order).toEqual([1, 2]);
  });
});

describe('Admission by expected wait', () => {
  it('refuses a newcomer whose expected wait is over the budget, even with queue room', async () => {
    // One request is taken to need 40 ms until one finishes and teaches otherwise.
    const admission = new Admission({ concurrency: 1, maxQueued: 100, maxWaitMs: 50, initialServiceMs: 40 });
    const signal = new AbortController().signal;
    let open!: () => void;
    const held = admission.run(signal, () => new Promise<void>((r) => (open = r)));
    const first = admission.run(signal, async () => 'first');
    // One waiting (~40 ms) fits; a second would wait ~80 ms.
    await expect(admission.run(signal, async () => 'second')).rejects.toMatchObject({ code: 'SF421', retryAfterSeconds: 1 });
    open();
    await held;
    await expect(first).resolves.toBe('first');
  });
});

describe('Admission by queueing delay and event-loop delay', () => {
  function manualTime() {
    let t = 0;
    return { now: () => t, advance: (ms: number) => void (t += ms) };
  }

  it('refuses newcomers once the oldest waiter has waited past the budget, whatever the estimate says', async () => {
    const time = manualTime();
    // The estimate says 1 ms per request, so the queue looks short; the real wait is what counts.
    const admission = new Admission({ concurrency: 1, maxQueued: 100, maxWaitMs: 100, initialServiceMs: 1, now: time.now });
    const signal = new AbortController().signal;
    const hold = gate();
    const running = admission.run(signal, () => hold.opened);
    const first = admission.run(signal, async () => 'first');
    expect(() => admission.refuseIfBusy()).not.toThrow();
    time.advance(101);
    expect(admission.oldestWaitMs()).toBe(101);
    expect(() => admission.refuseIfBusy()).toThrow(expect.objectContaining({ code: 'SF421', retryAfterSeconds: 1 }));
    await expect(admission.run(signal, async () => 'late')).rejects.toMatchObject({ code: 'SF421' });
    hold.open();
    await running;
    await expect(first).resolves.toBe('first');
    // Once the queue has drained, newcomers are welcome again.
    await expect(admission.run(signal, async () => 'again')).resolves.toBe('again');
  });

  it('refuses a waiter whose turn comes after twice the budget instead of starting it', async () => {
    const time = manualTime();
    const admission = new Admission({ concurrency: 1, maxQueued: 10, maxWaitMs: 100, initialServiceMs: 1, now: time.now });
    const signal = new AbortController().signal;
    const hold = gate();
    const running = admission.run(signal, () => hold.opened);
    let started = false;
    const stale = admission.run(signal, async () => void (started = true));
    time.advance(201);
    hold.open();
    await running;
    await expect(stale).rejects.toMatchObject({ code: 'SF421', status: 429 });
    expect(started).toBe(false);
    expect(admission.shed).toBe(1);
    expect(admission.running).toBe(0);
  });

  it('refuses new work while the event loop runs late and work is in flight, and admits it when idle', async () => {
    let late = 500;
    const admission = new Admission({ concurrency: 8, maxQueued: 64, maxLoopDelayMs: 150, loopDelayMs: () => late });
    const signal = new AbortController().signal;
    // Nothing of the shop's is running: the lateness is someone else's, so the request runs.
    const hold = gate();
    const running = admission.run(signal, () => hold.opened);
    // Now one is in flight and the loop is late: refused before it costs anything.
    expect(() => admission.refuseIfBusy()).toThrow(expect.objectContaining({ code: 'SF421' }));
    late = 10;
    await expect(admission.run(signal, async () => 'on time')).resolves.toBe('on time');
    hold.open();
    await running;
  });
});
