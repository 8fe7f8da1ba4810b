import { z } from 'zod';
import { defineNode, type Frame } from '../sdk/index.ts';
import { assertSameShape, psnr } from '../pixels/index.ts';

/** Identical frames have infinite PSNR; the output is capped so it stays a plain JSON number. */
export const MAX_PSNR_DB = 100;

const config = z.object({
  /** Measures frames whose seq is a multiple of N; PSNR costs a few ms per 720p frame. */
  everyNth: z.number().int().min(1).default(1),
  /** Unmatched frames kept waiting for their partner; the oldest is dropped beyond this. */
  maxPending: z.number().int().min(1).max(64).default(8),
});

interface Pending {
  port: 'frame' | 'reference';
  frame: Frame;
}

interface State {
  /** Unmatched frames by seq, in arrival order; pixels copied since inputs are recycled. */
  pending: Map<number, Pending>;
  /** Buffers of matched or dropped entries, reused for later copies. */
  spare: Buffer[];
  sum: number;
  count: number;
}

export const psnrProbe = defineNode({
  type: 'showflow.psnr-probe',
  typeVersion: 1,
  title: 'PSNR probe',
  category: 'probe',
  description: 'Compares each frame with the reference frame of the same sequence number and outputs PSNR in dB (higher is closer; capped at 100).',
  inputs: {
    frame: { type: 'frame' },
    reference: { type: 'frame' },
  },
  outputs: { psnr: { type: 'number', label: 'dB' } },
  config,
  budgetMs: 8,
  setup: (): State => ({ pending: new Map(), spare: [], sum: 0, count: 0 }),
  async run(ctx) {
    const port = ctx.trigger;
    const input = port ? ctx.inputs[port] : undefined;
    if (!port || !input || input.seq % ctx.config.everyNth !== 0) return;
    const { state } = ctx;
    const frame = await ctx.frames.raw(input);
    const waiting = state.pending.get(frame.seq);
    if (!waiting || waiting.port === port) {
      remember(state, port, frame, ctx.config.maxPending);
      return;
    }
    state.pending.delete(frame.seq);
    state.spare.push(waiting.frame.data);
    assertSameShape(frame, waiting.frame);
    const db = Math.min(MAX_PSNR_DB, psnr(frame.data, waiting.frame.data));
    state.sum += db;
    state.count++;
    ctx.setStatus('ok', `${db.toFixed(2)} dB · avg ${(state.sum / state.count).toFixed(2)} dB over ${state.count}`);
    return { psnr: db };
  },
});

function remember(state: State, port: Pending['port'], frame: Frame, maxPending: number): void {
  const old = state.pending.get(frame.seq);
  if (old) {
    state.pending.delete(frame.seq);
    state.spare.push(old.frame.data);
  }
  while (state.pending.size >= maxPending) {
    const [seq, oldest] = state.pending.entries().next().value!;
    state.pending.delete(seq);
    state.spare.push(oldest.frame.data);
  }
  let data = state.spare.pop();
  if (!data || data.length !== frame.data.length) data = Buffer.allocUnsafe(frame.data.length);
  frame.data.copy(data);
  state.pending.set(frame.seq, { port, frame: { ...frame, data } });
  if (state.spare.length > maxPending) state.spare.length = maxPending;
}
