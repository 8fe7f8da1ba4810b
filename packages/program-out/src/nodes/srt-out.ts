import { defineNode } from '@showflow/nodes/sdk';
import { RestreamOutput } from '../restream/restream-output.ts';
import { srtDestination } from '../restream/srt-destination.ts';
import { SrtSettings } from '../restream/srt-settings.ts';
import { restreamKeys, runRestream, type RestreamNodeState } from './restream-run.ts';

/**
 * Sends the program over SRT to a listener: contribution links to a venue, a cloud
 * gateway or a platform's SRT ingest, where RTMP's TCP stalls on a lossy uplink. Its own
 * encode, reconnecting with backoff; the passphrase and stream id are runtime secrets.
 */
export const srtOut = defineNode({
  type: 'showflow.srt-out',
  typeVersion: 1,
  title: 'SRT out',
  category: 'output',
  description:
    'Sends the program to an SRT listener (caller mode) as H.264 + AAC in MPEG-TS. Passphrase and stream id are runtime secrets SHOWFLOW_RESTREAM_KEY_<name>; reconnects with backoff; shows bitrate, dropped frames and reconnects.',
  inputs: { frame: { type: 'frame' }, audio: { type: 'audio' } },
  outputs: {},
  config: SrtSettings,
  budgetMs: 15,
  setup(ctx): RestreamNodeState {
    const output = new RestreamOutput(srtDestination(ctx.config), restreamKeys(ctx.services), { onProblem: (message) => ctx.log.warn(message) });
    output.checkKey();
    ctx.setStatus('idle', 'waiting for frames');
    return { output, statusAt: -Infinity };
  },
  run: (ctx) => runRestream(ctx),
  async dispose(ctx) {
    await ctx.state.output.close();
  },
});
