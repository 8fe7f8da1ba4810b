import { describe, expect, it } from 'vitest';
import { ByteLru } from './byte-lru.ts';
import { cacheKey } from './cache-key.ts';
import { SingleFlight } from './single-flight.ts';

describe('ByteLru', () => {
  it('evicts least recently used entries to stay under the byte bound', () => {
    const lru = new ByteLru<Buffer>(100, (b) => b.length);
    lru.set('a', Buffer.alloc(40));
    lru.set('b', Buffer.alloc(40));
    lru.get('a'); // a is now the most recent
    lru.set('c', Buffer.alloc(40));
    expect(lru.keys()).toEqual(['a', 'c']);
    expect(lru.bytes).toBe(80);
    expect(lru.evictions).toBe(1);
  });

  it('evicts several small entries for one large one and never keeps an oversized value', () => {
    const lru = new ByteLru<Buffer>(100, (b) => b.length);
    for (const k of ['a', 'b', 'c', 'd']) lru.set(k, Buffer.alloc(25));
    lru.set('big', Buffer.alloc(70));
    expect(lru.keys()).toEqual(['d', 'big']);
    lru.set('huge', Buffer.alloc(101));
    expect(lru.has('huge')).toBe(false);
    lru.set('d', Buffer.alloc(5)); // replacing updates the byte count
    expect(lru.bytes).toBe(75);
  });
});

describe('cacheKey', () => {
  const inputs = { provider: 'offline', model: 'm', prompt: 'p', style: 's', size: { width: 64, height: 64 }, seed: 1, nodeTypeVersion: 1 };
  it('ignores key order and changes with any input', () => {
    const reordered = { nodeTypeVersion: 1, seed: 1, size: { height: 64, width: 64 }, style: 's', prompt: 'p', model: 'm', provider: 'offline' };
    expect(cacheKey(reordered)).toBe(cacheKey(inputs));
    expect(cacheKey(inputs)).toMatch(/^[0-9a-f]{64}$/);
    const variants = [{ seed: 2 }, { nodeTypeVersion: 2 }, { model: 'n' }, { provider: 'openai' }, { size: { width: 64, height: 65 } }];
    for (const change of variants) expect(cacheKey({ ...inputs, ...change })).not.toBe(cacheKey(inputs));
  });
});

describe('SingleFlight', () => {
  it('runs concurrent identical work once and forgets it after a failure', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    let fail!: (e: Error) => void;
    const first = flights.run('k', () => new Promise<number>((_, reject) => ((runs++, (fail = reject)))));
    const second = flights.run('k', async () => (runs++, 2));
    expect([first.joined, second.joined]).toEqual([false, true]);
    fail(new Error('boom'));
    await expect(first.promise).rejects.toThrow('boom');
    await expect(second.promise).rejects.toThrow('boom');
    expect(runs).toBe(1);
    await expect(flights.run('k', async () => (runs++, 3)).promise).resolves.toBe(3);
    expect(runs).toBe(2);
  });
});
