import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { RateMeter } from './rate-meter.ts';

export const nullSink = defineNode({
  type: 'showflow.null-sink',
  typeVersion: 1,
  title: 'Null sink',
  category: 'output',
  description: 'Accepts frames and discards them; terminates a branch and shows its frame rate (handy for measuring).',
  inputs: { frame: { type: 'frame' } },
  outputs: {},
  config: z.object({}),
  budgetMs: 1,
  setup: () => ({ meter: new RateMeter(), frames: 0 }),
  run(ctx) {
    ctx.state.frames++;
    if (ctx.state.meter.mark(ctx.now())) ctx.setStatus('ok', `${ctx.state.frames} frames · ${ctx.state.meter.fps.toFixed(1)} fps`);
  },
});
