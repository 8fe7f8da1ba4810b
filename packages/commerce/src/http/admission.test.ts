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
