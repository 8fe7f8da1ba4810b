import { z } from 'zod';
import { defineNode } from '@showflow/nodes/sdk';
import { checkBlock, dbToGain, withSamples } from '../block.ts';

const config = z.object({
  gainDb: z.number().min(-60).max(24).default(0),
  mute: z.boolean().default(false),
});

/**
 * Gain and mute. Muted, the node still sends silent blocks so everything downstream keeps
 * its timing (a mixer clocked by this input keeps running). The gain ramps from one block
 * to the next, so unmuting does not click.
 */
export const audioGain = defineNode({
  type: 'showflow.audio-gain',
  typeVersion: 1,
  title: 'Gain / mute',
  category: 'process',
  description: 'Raises or lowers the level of an audio stream by a number of dB, or mutes it.',
  inputs: { audio: { type: 'audio' } },
  outputs: { out: { type: 'audio' } },
  config,
  budgetMs: 1,
  setup: () => ({ last: undefined as number | undefined }),
  run(ctx) {
    const block = checkBlock(ctx.inputs.audio, ctx.nodeId);
    const target = ctx.config.mute ? 0 : dbToGain(ctx.config.gainDb);
    const from = ctx.state.last ?? target;
    ctx.state.last = target;
    const { samples, channels } = block;
    const frames = samples.length / channels;
    const out = new Float32Array(samples.length);
    const step = (target - from) / frames;
    for (let f = 0; f < frames; f++) {
      const g = from + step * (f + 1);
      for (let c = 0; c < channels; c++) out[f * channels + c] = samples[f * channels + c] * g;
    }
    return { out: withSamples(block, out) };
  },
});
