import { z } from 'zod';
import { defineNode, type AudioBlock } from '@showflow/nodes/sdk';
import { checkBlock, dbToGain, SAMPLE_RATE } from '../block.ts';
import { Ducker } from '../dsp/ducker.ts';
import { StereoFifo } from '../dsp/sample-fifo.ts';

const config = z.object({
  voiceGainDb: z.number().min(-60).max(24).default(0),
  bedGainDb: z.number().min(-60).max(24).default(0),
  /** How far the bed is lowered while the voice is present. 0 turns ducking off. */
  duckDb: z.number().min(0).max(60).default(12),
  /** Voice RMS (dBFS per 10 ms block) above which the voice counts as present. */
  thresholdDb: z.number().min(-90).max(0).default(-40),
  attackMs: z.number().min(1).max(2000).default(40),
  releaseMs: z.number().min(10).max(10_000).default(600),
  holdMs: z.number().min(0).max(5000).default(300),
  /** Without a voice block for this long, the bed's own blocks drive the output. */
  handoverMs: z.number().min(20).max(1000).default(60),
  /** Most bed audio kept waiting for the voice; more is discarded (counted) to bound latency. */
  maxBedLagMs: z.number().min(20).max(1000).default(100),
});

/**
 * Mixes a voice over a music bed and ducks the bed while the voice is present. The voice
 * clocks the output: each voice block takes the same number of bed frames from a bounded
 * FIFO and the mix carries the voice's capture time, so lip-sync follows the voice. When
 * the voice stops arriving the bed carries on alone (docs/decisions/0037).
 */
export const audioMixer = defineNode({
  type: 'showflow.audio-mixer',
  typeVersion: 1,
  title: 'Mixer (ducking)',
  category: 'compose',
  description: 'Mixes a voice and a music bed into stereo; lowers the bed by N dB while the voice is above a threshold.',
  inputs: { voice: { type: 'audio', label: 'voice' }, bed: { type: 'audio', label: 'music bed' } },
  outputs: { out: { type: 'audio' } },
  config,
  budgetMs: 1,
  setup: (ctx) => ({
    bed: new StereoFifo(Math.round((ctx.config.maxBedLagMs / 1000) * SAMPLE_RATE)),
    ducker: new Ducker({ depthDb: ctx.config.duckDb, thresholdDb: ctx.config.thresholdDb, attackMs: ctx.config.attackMs, releaseMs: ctx.config.releaseMs, holdMs: ctx.config.holdMs }),
    lastVoiceAt: -Infinity,
    seq: 0,
    blocks: 0,
  }),
  run(ctx) {
    const s = ctx.state;
    const c = ctx.config;
    const now = ctx.now();
    const bedGain = dbToGain(c.bedGainDb);
    let clock: AudioBlock;
    let voice: Float32Array | undefined;
    let voiceChannels = 1;
    if (ctx.trigger === 'voice') {
      clock = checkBlock(ctx.inputs.voice, `${ctx.nodeId} voice`);
      s.lastVoiceAt = now;
      voice = clock.samples;
      voiceChannels = clock.channels;
    } else {
      const bed = checkBlock(ctx.inputs.bed, `${ctx.nodeId} bed`);
      s.bed.push(bed.samples, bed.channels, bedGain);
      if (now - s.lastVoiceAt < c.handoverMs) return; // the voice will take these frames
      clock = bed;
    }
    const frames = clock.samples.length / clock.channels;
    const out = new Float32Array(frames * 2);
    const [from, to] = s.ducker.next(voice, frames);
    s.bed.mixInto(out, frames, from, to);
    if (voice) {
      const g = dbToGain(c.voiceGainDb);
      for (let f = 0; f < frames; f++) {
        const l = voice[f * voiceChannels] * g;
        out[f * 2] += l;
        out[f * 2 + 1] += voiceChannels === 2 ? voice[f * 2 + 1] * g : l;
      }
    }
    if (s.blocks++ % 10 === 0) {
      const late = s.bed.dropped + s.bed.underrun;
      ctx.setStatus('ok', `${s.ducker.active ? 'ducking' : 'bed up'} ${s.ducker.currentGainDb.toFixed(1)} dB${late ? ` · bed realigned ${Math.round((late / SAMPLE_RATE) * 1000)} ms` : ''}`);
    }
    const seq = s.seq++;
    return { out: { sampleRate: SAMPLE_RATE, channels: 2, samples: out, captureTs: clock.captureTs, clock: clock.clock, seq, id: `${ctx.nodeId}#${seq}` } };
  },
});
