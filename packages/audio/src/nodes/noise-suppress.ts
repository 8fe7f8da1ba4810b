import { z } from 'zod';
import { defineNode } from '@showflow/nodes/sdk';
import { checkBlock, SAMPLE_RATE, withSamples } from '../block.ts';
import { audioError } from '../errors.ts';
import { Rnnoise, RNNOISE_FRAME } from '../dsp/rnnoise.ts';

const config = z.object({
  /** 1 = RNNoise's output only; lower values blend the original back in. */
  amount: z.number().min(0).max(1).default(1),
});

/**
 * Noise suppression with RNNoise (a small recurrent network trained on speech and noise):
 * takes fans, hum, keyboard and room noise out of a voice. Works on 10 ms frames, so blocks
 * must be a multiple of 480 frames; each channel has its own network state.
 */
export const noiseSuppress = defineNode({
  type: 'showflow.noise-suppress',
  typeVersion: 1,
  title: 'Noise suppression',
  category: 'process',
  description: 'Removes background noise from voice with RNNoise (48 kHz, 10 ms frames).',
  inputs: { audio: { type: 'audio' } },
  outputs: { out: { type: 'audio' } },
  config,
  budgetMs: 2,
  setup: async () => ({ rnnoise: await Rnnoise.create(2), blocks: 0 }),
  run(ctx) {
    const block = checkBlock(ctx.inputs.audio, ctx.nodeId);
    const frames = block.samples.length / block.channels;
    if (frames % RNNOISE_FRAME !== 0) throw audioError('SF701', `${ctx.nodeId}: blocks of ${frames} frames; noise suppression needs multiples of ${RNNOISE_FRAME} (10 ms at ${SAMPLE_RATE} Hz)`);
    const { rnnoise } = ctx.state;
    const wet = rnnoise.process(block.samples, block.channels);
    const amount = ctx.config.amount;
    if (amount < 1) for (let i = 0; i < wet.length; i++) wet[i] = wet[i] * amount + block.samples[i] * (1 - amount);
    if (ctx.state.blocks++ % 10 === 0) ctx.setStatus('ok', `voice ${Math.round(rnnoise.voice * 100)}%`);
    return { out: withSamples(block, wet) };
  },
  dispose: (ctx) => ctx.state.rnnoise.destroy(),
});
