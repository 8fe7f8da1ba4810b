import type { NodeServices } from '@showflow/nodes/sdk';
import { defineNode } from '@showflow/nodes/sdk';
import { yuvFrame } from '@showflow/nodes/pixels';
import { ProgramOutError } from '../errors.ts';
import { RESTREAM_KEYS_SERVICE, RestreamKeys } from '../restream/restream-keys.ts';
import { RestreamOutput } from '../restream/restream-output.ts';
import { RestreamSettings } from '../restream/restream-settings.ts';

interface RtmpOutState {
  output: RestreamOutput;
  statusAt: number;
}

function restreamKeys(services: NodeServices): RestreamKeys {
  const keys = services.get(RESTREAM_KEYS_SERVICE);
  if (!(keys instanceof RestreamKeys)) throw new Error(`this runtime provides no "${RESTREAM_KEYS_SERVICE}" service: restreaming needs the program-out module`);
  return keys;
}

/**
 * Restreams the program to a platform over RTMP(S) (YouTube, Twitch, a venue's server):
 * its own encode at the platform's settings, reconnecting with backoff when the platform
 * drops. The stream key is a runtime secret the document only names.
 */
export const rtmpOut = defineNode({
  type: 'showflow.rtmp-out',
  typeVersion: 1,
  title: 'RTMP restream',
  category: 'output',
  description:
    'Sends the program to an RTMP(S) server (YouTube, Twitch, …) as H.264 + AAC. The stream key is the runtime secret SHOWFLOW_RESTREAM_KEY_<name>; reconnects with backoff; shows bitrate, dropped frames and reconnects.',
  inputs: { frame: { type: 'frame' }, audio: { type: 'audio' } },
  outputs: {},
  config: RestreamSettings,
  budgetMs: 15,
  setup(ctx): RtmpOutState {
    const output = new RestreamOutput(ctx.config, restreamKeys(ctx.services), { onProblem: (message) => ctx.log.warn(message) });
    output.checkKey();
    ctx.setStatus('idle', 'waiting for frames');
    return { output, statusAt: -Infinity };
  },
  async run(ctx) {
    const { state } = ctx;
    if (ctx.trigger === 'audio') {
      const block = ctx.inputs.audio;
      if (!block) return;
      if (block.sampleRate !== 48_000) throw new ProgramOutError('SF641', `audio block ${block.id} is ${block.sampleRate} Hz; restream takes 48 kHz`);
      state.output.writeAudio(block.samples, block.channels);
      return;
    }
    const frame = ctx.inputs.frame;
    if (!frame) return;
    const i420 = await yuvFrame(ctx.frames, frame);
    await state.output.writeFrame(Buffer.from(i420.data), { width: i420.width, height: i420.height });
    const now = ctx.now();
    if (now - state.statusAt < 1000) return;
    state.statusAt = now;
    const s = state.output.status();
    const counts = `${s.framesDropped} dropped · ${s.reconnects} reconnect${s.reconnects === 1 ? '' : 's'}`;
    if (s.state === 'reconnecting') ctx.setStatus('warn', `reconnecting in ${Math.ceil((s.retryInMs ?? 0) / 1000)} s · ${counts} · ${s.lastProblem ?? ''}`);
    else ctx.setStatus('ok', `${s.state} · ${(s.kbps / 1000).toFixed(2)} Mbit/s · ${counts}`);
  },
  async dispose(ctx) {
    await ctx.state.output.close();
  },
});
