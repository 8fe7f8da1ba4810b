import { z } from 'zod';
import { defineNode } from '@showflow/nodes/sdk';
import { BLOCK_FRAMES, SAMPLE_RATE } from '../block.ts';
import { BLOCK_MS, BlockClock } from '../io/block-clock.ts';
import type { DecodedAudio } from '../io/decode.ts';
import { loadMediaAudio } from '../io/load-media.ts';

const config = z.object({
  /** A file in the media folders (WAV, MP3, FLAC, Ogg, M4A… whatever ffmpeg reads). */
  path: z.string().default(''),
  loop: z.boolean().default(true),
});

/**
 * An audio file played in real time as 10 ms stereo blocks at 48 kHz: a music bed, a
 * jingle, a test tone. Decoded once at start with ffmpeg; played from memory.
 */
export const audioFile = defineNode({
  type: 'showflow.audio-file',
  typeVersion: 1,
  title: 'Audio file',
  category: 'source',
  description: 'Plays an audio file (or loops it) in real time as 48 kHz stereo blocks. Decoded once at start.',
  inputs: {},
  outputs: { out: { type: 'audio' } },
  config,
  budgetMs: 1,
  // Ticks only pace the clock; blocks due since the last tick are all sent, so a late tick is no loss.
  source: { intervalMs: () => BLOCK_MS, lateTicks: 'skip' },
  async setup(ctx) {
    const decoded: DecodedAudio | undefined = ctx.config.path ? await loadMediaAudio(ctx, ctx.config.path) : undefined;
    return { decoded, clock: new BlockClock(), at: 0, ended: false, started: false };
  },
  run(ctx) {
    const s = ctx.state;
    if (!s.decoded) {
      ctx.setStatus('idle', 'no file set');
      return;
    }
    if (s.ended) return;
    const { samples, frames } = s.decoded;
    // Said on the first run: the runtime sets its own status once setup returns.
    if (!s.started) ctx.setStatus('ok', `playing ${(frames / SAMPLE_RATE).toFixed(1)} s${ctx.config.loop ? ' looped' : ''}`);
    s.started = true;
    for (let n = s.clock.due(ctx.now()); n > 0; n--) {
      if (!ctx.config.loop && s.at >= frames) {
        s.ended = true;
        ctx.setStatus('idle', 'played to the end');
        return;
      }
      const out = new Float32Array(BLOCK_FRAMES * 2);
      let filled = 0;
      while (filled < BLOCK_FRAMES) {
        if (s.at >= frames) {
          if (!ctx.config.loop) break;
          s.at = 0;
        }
        const take = Math.min(BLOCK_FRAMES - filled, frames - s.at);
        out.set(samples.subarray(s.at * 2, (s.at + take) * 2), filled * 2);
        filled += take;
        s.at += take;
      }
      const { seq, captureTs } = s.clock.next();
      ctx.emit('out', { sampleRate: SAMPLE_RATE, channels: 2, samples: out, captureTs, clock: 'local', seq, id: `${ctx.nodeId}#${seq}` });
      if (filled < BLOCK_FRAMES) {
        s.ended = true;
        ctx.setStatus('idle', 'played to the end');
        return;
      }
    }
  },
});
