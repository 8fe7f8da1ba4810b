import { z } from 'zod';
import { defineNode } from '@showflow/nodes/sdk';
import { BLOCK_FRAMES, checkBlock, dbToGain, SAMPLE_RATE } from '../block.ts';
import { EffectVoices } from '../dsp/effect-voices.ts';
import { BLOCK_MS, BlockClock } from '../io/block-clock.ts';
import type { DecodedAudio } from '../io/decode.ts';
import { loadMediaAudio } from '../io/load-media.ts';

const config = z.object({
  path: z.string().default(''),
  /** Event kinds that play the sound, comma-separated (e.g. "tip, sale"); empty plays on any event. */
  kinds: z.string().default(''),
  gainDb: z.number().min(-60).max(12).default(0),
  /** Overlapping plays at most (a burst of tips overlaps up to this many). */
  maxVoices: z.number().int().min(1).max(16).default(4),
  /** Without audio on the input for this long, the node sends the effect on its own clock. */
  handoverMs: z.number().min(20).max(1000).default(60),
});

/**
 * Plays a sound when an event arrives (a tip, a sale). Mixed over the audio input when
 * one is flowing — the input then clocks the output and keeps its capture time — and sent
 * on its own 10 ms clock (silence between plays) when not.
 */
export const soundEffect = defineNode({
  type: 'showflow.sound-effect',
  typeVersion: 1,
  title: 'Sound effect',
  category: 'compose',
  description: 'Plays a sound file when an event arrives (tip, sale…), over the audio input or on its own.',
  inputs: { event: { type: 'event' }, audio: { type: 'audio' } },
  outputs: { out: { type: 'audio' } },
  config,
  budgetMs: 1,
  source: { intervalMs: () => BLOCK_MS, lateTicks: 'skip' },
  async setup(ctx) {
    const effect: DecodedAudio | undefined = ctx.config.path ? await loadMediaAudio(ctx, ctx.config.path) : undefined;
    const kinds = new Set(ctx.config.kinds.split(',').map((k) => k.trim()).filter(Boolean));
    return { effect, kinds, voices: new EffectVoices(ctx.config.maxVoices), clock: new BlockClock(), lastInputAt: -Infinity, plays: 0, announced: false };
  },
  run(ctx) {
    const s = ctx.state;
    const gain = dbToGain(ctx.config.gainDb);
    // Said on the first run: the runtime sets its own status once setup returns.
    if (!s.announced) ctx.setStatus(s.effect ? 'ok' : 'idle', s.effect ? `ready · ${(s.effect.frames / SAMPLE_RATE).toFixed(1)} s` : 'no file set');
    s.announced = true;
    if (ctx.trigger === 'event') {
      const event = ctx.inputs.event;
      if (s.effect && event && (s.kinds.size === 0 || s.kinds.has(event.kind))) {
        s.voices.trigger();
        s.plays++;
        ctx.setStatus('ok', `played ${s.plays}× · last ${event.kind}`);
      }
      return;
    }
    if (ctx.trigger === 'audio') {
      const input = checkBlock(ctx.inputs.audio, ctx.nodeId);
      s.lastInputAt = ctx.now();
      s.clock.restart();
      const frames = input.samples.length / input.channels;
      const out = new Float32Array(frames * 2);
      for (let f = 0; f < frames; f++) {
        out[f * 2] = input.samples[f * input.channels];
        out[f * 2 + 1] = input.samples[f * input.channels + input.channels - 1];
      }
      if (s.effect) s.voices.mixInto(out, frames, s.effect.samples, gain);
      return { out: { sampleRate: SAMPLE_RATE, channels: 2, samples: out, captureTs: input.captureTs, clock: input.clock, seq: input.seq, id: input.id } };
    }
    // A tick: run on the node's own clock only while no input audio flows.
    const now = ctx.now();
    if (now - s.lastInputAt < ctx.config.handoverMs) return;
    for (let n = s.clock.due(now); n > 0; n--) {
      const out = new Float32Array(BLOCK_FRAMES * 2);
      if (s.effect) s.voices.mixInto(out, BLOCK_FRAMES, s.effect.samples, gain);
      const { seq, captureTs } = s.clock.next();
      ctx.emit('out', { sampleRate: SAMPLE_RATE, channels: 2, samples: out, captureTs, clock: 'local', seq, id: `${ctx.nodeId}#${seq}` });
    }
  },
});
