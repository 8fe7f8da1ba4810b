import { z } from 'zod';
import { defineNode } from '@showflow/nodes/sdk';
import { checkBlock, formatDb, withSamples } from '../block.ts';
import { LoudnessNormalizer } from '../dsp/normalizer.ts';

const config = z.object({
  /** Streaming platforms play at −14 LUFS; EBU R128 broadcast is −23. */
  targetLufs: z.number().min(-36).max(-6).default(-14),
  ceilingDbtp: z.number().min(-9).max(0).default(-1),
  windowS: z.number().min(1).max(60).default(10),
  maxGainDb: z.number().min(0).max(40).default(20),
  /** Time constants of the gain: cuts follow in about half a second, raises in a few seconds. */
  downS: z.number().min(0.05).max(30).default(0.5),
  upS: z.number().min(0.1).max(60).default(3),
  limiterLookaheadMs: z.number().min(0.5).max(10).default(1.5),
  limiterReleaseMs: z.number().min(5).max(2000).default(80),
});

/**
 * Loudness normalisation (ITU-R BS.1770-4 / EBU R128 measurement) with a true-peak limiter:
 * steers the stream towards the target loudness and keeps its oversampled peaks under the
 * ceiling. Adds the limiter's lookahead (about 1.6 ms) of latency.
 */
export const loudnessNormalize = defineNode({
  type: 'showflow.loudness-normalize',
  typeVersion: 1,
  title: 'Loudness normalise',
  category: 'process',
  description: 'Brings audio to a target loudness (default −14 LUFS, EBU R128 / BS.1770) with a true-peak limiter (default −1 dBTP).',
  inputs: { audio: { type: 'audio' } },
  outputs: { out: { type: 'audio' } },
  config,
  budgetMs: 1,
  setup: (ctx) => ({ normalizer: new LoudnessNormalizer(ctx.config), blocks: 0 }),
  run(ctx) {
    const block = checkBlock(ctx.inputs.audio, ctx.nodeId);
    const out = ctx.state.normalizer.process(block.samples, block.channels);
    // The readout changes every 100 ms of audio, not on every block.
    if (ctx.state.blocks++ % 10 === 0) {
      const n = ctx.state.normalizer;
      const limiting = n.takeLimiterGainDb();
      ctx.setStatus('ok', `in ${formatDb(n.inputLufs)} LUFS · gain ${n.currentGainDb >= 0 ? '+' : ''}${n.currentGainDb.toFixed(1)} dB${limiting < -0.1 ? ` · limit ${limiting.toFixed(1)} dB` : ''}`);
    }
    return { out: withSamples(block, out) };
  },
});
