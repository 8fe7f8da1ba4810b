import { describe, expect, it } from 'vitest';
import { excess, leastLoaded, loads, pipelinesToTake, type PlacementView } from './placement-choice.ts';

const view = (me: string, owners: Record<string, string | undefined>, extra: Partial<PlacementView> = {}): PlacementView => ({
  me,
  live: ['a', 'b', 'c'],
  owners: new Map(Object.entries(owners)),
  freeSince: new Map(),
  now: 10_000,
  graceMs: 3000,
  ...extra,
});

describe('sharing free pipelines out among live instances', () => {
  it('gives a free pipeline to the least loaded instance only', () => {
    const owners = { p1: 'a', p2: 'a', p3: 'b', free: undefined };
    expect(pipelinesToTake(view('c', owners))).toEqual(['free']);
    expect(pipelinesToTake(view('a', owners))).toEqual([]);
    expect(pipelinesToTake(view('b', owners))).toEqual([]);
  });

  it('breaks ties by instance id, the same way on every instance', () => {
    const owners = { p1: 'c', free: undefined };
    expect(pipelinesToTake(view('a', owners))).toEqual(['free']);
    expect(pipelinesToTake(view('b', owners))).toEqual([]);
    expect(leastLoaded(new Map([['b', 1], ['a', 1], ['c', 2]]))).toBe('a');
  });

  it('deals several free pipelines in turn, counting what it dealt, so each instance takes its share', () => {
    const owners = { p4: undefined, p2: undefined, p1: undefined, p3: undefined };
    const live = ['b', 'a'];
    const taken = ['a', 'b'].map((me) => pipelinesToTake(view(me, owners, { live })));
    expect(taken).toEqual([
      ['p1', 'p3'],
      ['p2', 'p4'],
    ]);
  });

  it('lets anyone take a pipeline free for longer than the grace, even when another instance is less loaded', () => {
    const owners = { p1: 'a', free: undefined };
    expect(pipelinesToTake(view('a', owners, { freeSince: new Map([['free', 9000]]) }))).toEqual([]);
    expect(pipelinesToTake(view('a', owners, { freeSince: new Map([['free', 7000]]) }))).toEqual(['free']);
  });

  it('ignores leases of instances no longer alive and always counts itself', () => {
    const owners = { p1: 'gone', p2: 'gone', p3: 'b', free: undefined };
    expect(loads(view('a', owners, { live: ['b'] }))).toEqual(new Map([['a', 0], ['b', 1]]));
    expect(pipelinesToTake(view('a', owners, { live: ['b'] }))).toEqual(['free']);
    // Alone: everything free is its own.
    expect(pipelinesToTake(view('a', { x: undefined, y: undefined }, { live: [] }))).toEqual(['x', 'y']);
  });
});

describe('handing pipelines on when an instance joins', () => {
  it('counts only what is above a fair share plus one', () => {
    const six = { p1: 'a', p2: 'a', p3: 'a', p4: 'a', p5: 'a', p6: 'b' };
    // 6 pipelines on 3 instances: a fair share is 2, so a holds 2 too many.
    expect(excess(view('a', six))).toBe(2);
    expect(excess(view('b', six))).toBe(0);
    // 4 on 2: 3 against 1 is left alone (moving one would only swap who has more).
    expect(excess(view('a', { p1: 'a', p2: 'a', p3: 'a', p4: 'b' }, { live: ['a', 'b'] }))).toBe(0);
  });
});
