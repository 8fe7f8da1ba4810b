import { describe, expect, it } from 'vitest';
import { Lanes } from './lanes.ts';

describe('Lanes', () => {
  it('admits settle-lane waiters before normal ones and never exceeds its slots', async () => {
    const lanes = new Lanes(1);
    const order: string[] = [];
    let active = 0;
    let peak = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = (name: string, wait?: Promise<void>) => async () => {
      active++;
      peak = Math.max(peak, active);
      order.push(name);
      await wait;
      active--;
    };
    const first = lanes.run('normal', job('first', gate));
    const rest = [
      lanes.run('normal', job('normal-1')),
      lanes.run('normal', job('normal-2')),
      lanes.run('settle', job('settle-1')),
      lanes.run('settle', job('settle-2')),
    ];
    release();
    await Promise.all([first, ...rest]);
    expect(order).toEqual(['first', 'settle-1', 'settle-2', 'normal-1', 'normal-2']);
    expect(peak).toBe(1);
  });

  it('frees the slot when the work throws', async () => {
    const lanes = new Lanes(1);
    await expect(lanes.run('normal', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lanes.run('normal', async () => 42)).resolves.toBe(42);
  });
});
