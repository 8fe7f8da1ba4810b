import { defineNode } from '@showflow/nodes/sdk';
import { RestreamOutput } from '../restream/restream-output.ts';
import { rtmpDestination } from '../restream/rtmp-destination.ts';
import { RestreamSettings } from '../restream/restream-settings.ts';
import { restreamKeys, runRestream, type RestreamNodeState } from './restream-run.ts';

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
  setup(ctx): RestreamNodeState {
    const output = new RestreamOutput(rtmpDestination(ctx.config), restreamKeys(ctx.services), { onProblem: (message) => ctx.log.warn(message) });
    output.checkKey();
    ctx.setStatus('idle', 'waiting for frames');
    return { output, statusAt: -Infinity };
  },
  run: (ctx) => runRestream(ctx),
  async dispose(ctx) {
    await ctx.state.output.close();
  },
});
