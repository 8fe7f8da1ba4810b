import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { createHarness } from './harness.ts';
import { makeTestFrame, makeTestJpeg } from './test-frames.ts';

const gain = defineNode({
  type: 'test.gain',
  typeVersion: 1,
  title: 'Gain',
  category: 'process',
  description: 'Multiplies pixels; emits the frame count on a side port.',
  inputs: { frame: { type: 'frame' }, factor: { type: 'number', trigger: false } },
  outputs: { out: { type: 'frame' }, count: { type: 'number' } },
  config: z.object({ factor: z.number().min(0).max(4).default(2) }),
  budgetMs: 5,
  setup: () => ({ frames: 0, disposed: false }),
  async run(ctx) {
    const input = ctx.inputs.frame!;
    const frame = await ctx.frames.raw(input);
    const factor = ctx.inputs.factor ?? ctx.config.factor;
    const data = ctx.frames.alloc(frame.data.length);
    for (let i = 0; i < data.length; i++) data[i] = Math.min(255, frame.data[i] * factor);
    ctx.state.frames++;
    ctx.emit('count', ctx.state.frames);
    ctx.setStatus('ok', `${ctx.state.frames} frames`);
    ctx.log.info(`processed ${ctx.messageId}`);
    return { out: { ...frame, data } };
  },
  dispose: (ctx) => {
    ctx.state.disposed = true;
  },
});

const ticker = defineNode({
  type: 'test.ticker',
  typeVersion: 1,
  title: 'Ticker',
  category: 'source',
  description: '',
  inputs: {},
  outputs: { value: { type: 'number' } },
  config: z.object({}),
  budgetMs: 1,
  source: { intervalMs: () => 10 },
  run: (ctx) => ({ value: ctx.tick }),
});

describe('createHarness', () => {
  it('parses config with defaults and refuses invalid config with SF103 and the path', async () => {
    expect((await createHarness(gain)).config).toEqual({ factor: 2 });
    await expect(createHarness(gain, { config: { factor: 9 } })).rejects.toMatchObject({ code: 'SF103', message: expect.stringContaining('factor') });
  });

  it('runs a node on a frame and records outputs, emits, statuses and logs', async () => {
    const h = await createHarness(gain, { nodeId: 'g' });
    const input = makeTestFrame({ width: 4, height: 2, pattern: 'solid', color: [10, 20, 30] });
    const outputs = await h.send('frame', input);
    expect([...outputs.out!.data.subarray(0, 3)]).toEqual([20, 40, 60]);
    expect(outputs.count).toBe(1);
    expect(h.emissions.map((e) => e.port)).toEqual(['count', 'out']);
    expect(h.status).toEqual({ level: 'ok', text: '1 frames' });
    expect(h.logs).toEqual([{ level: 'info', message: `processed ${input.id}` }]);
    expect(h.last('count')).toBe(1);
  });

  it('non-trigger inputs only update the held value, as in the runtime', async () => {
    const h = await createHarness(gain);
    expect(await h.send('factor', 3)).toEqual({});
    expect(h.runs).toBe(0);
    const { out } = await h.send('frame', makeTestFrame({ width: 1, height: 1, pattern: 'solid', color: [10, 10, 10] }));
    expect(out!.data[0]).toBe(30);
    const again = await h.run({ frame: makeTestFrame({ width: 1, height: 1, pattern: 'solid', color: [5, 5, 5] }), factor: 1 });
    expect(again.out!.data[0]).toBe(5);
  });

  it('decodes JPEG inputs through its allocator and counts the work', async () => {
    const h = await createHarness(gain);
    await h.send('frame', await makeTestJpeg({ width: 16, height: 8 }));
    expect(h.frames).toMatchObject({ decodes: 1, allocations: 1 });
  });

  it('records and rethrows errors, and refuses unknown ports', async () => {
    const h = await createHarness(gain);
    await expect(h.run({ frame: { ...makeTestFrame(), width: 1 } })).rejects.toMatchObject({ code: 'SF202' });
    expect(h.errors).toHaveLength(1);
    await expect(h.send('nope' as 'frame', makeTestFrame())).rejects.toThrow(/no input "nope"/);
  });

  it('ticks sources with a counting tick and refuses ticks on processors', async () => {
    const h = await createHarness(ticker);
    await h.tick();
    await h.tick();
    expect(h.outputs('value')).toEqual([0, 1]);
    expect(h.ticks).toBe(2);
    await expect((await createHarness(gain)).tick()).rejects.toThrow(/not a source/);
  });

  it('scribbles trigger frames after a run so kept references show up', async () => {
    const h = await createHarness(gain, { scribbleInputs: true });
    const input = makeTestFrame({ width: 2, height: 1 });
    await h.send('frame', input);
    expect([...input.data]).toEqual(new Array(6).fill(0xa5));
  });

  it('dispose calls the node once and refuses further runs', async () => {
    const h = await createHarness(gain);
    await h.dispose();
    await h.dispose();
    expect(h.state.disposed).toBe(true);
    await expect(h.send('frame', makeTestFrame())).rejects.toThrow(/disposed/);
  });
});
