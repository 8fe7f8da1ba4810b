import { describe, expect, it } from 'vitest';
import { noServices, type BaseContext } from './context.ts';
import { runContext } from './run-context.ts';

describe('runContext', () => {
  it('carries every field of the base context and of the run, and nothing else', () => {
    const base: BaseContext<{ level: number }> = {
      nodeId: 'n1',
      pipelineId: 'p1',
      config: { level: 3 },
      frames: { alloc: () => undefined as never, raw: async (f) => f, yuv: async (f) => f } as BaseContext<unknown>['frames'],
      log: { info() {}, warn() {}, error() {} },
      setStatus() {},
      now: () => 1,
      signal: new AbortController().signal,
      services: noServices,
    };
    const emit = () => {};
    const ctx = runContext(base, { state: { count: 1 }, trigger: 'frame', inputs: { frame: 1 }, messageId: 'm1', tick: 4, emit });
    expect(Object.keys(ctx).sort()).toEqual([...Object.keys(base), 'state', 'trigger', 'inputs', 'messageId', 'tick', 'emit'].sort());
    for (const key of Object.keys(base) as (keyof typeof base)[]) expect(ctx[key]).toBe(base[key]);
    expect(ctx).toMatchObject({ state: { count: 1 }, trigger: 'frame', inputs: { frame: 1 }, messageId: 'm1', tick: 4, emit });
  });
});
