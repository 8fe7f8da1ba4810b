import { defineNode } from '@showflow/nodes/sdk';
import { programOutService } from '../service.ts';
import { checkTokenSecret, whipEndpoint } from '../whip/whip-endpoint.ts';
import { WhipPublisher } from '../whip/whip-publisher.ts';
import { WhipSettings } from '../whip/whip-settings.ts';
import { restreamKeys, runRestream, type RestreamNodeState } from './restream-run.ts';

/**
 * Publishes the program to any WHIP server (RFC 9725): a CDN's or platform's WebRTC
 * ingest, a MediaMTX or another Showflow. Its own encode (H.264 constrained baseline +
 * Opus), reconnecting with backoff; the bearer token is a runtime secret the document only
 * names (decision 0077).
 */
export const whipOut = defineNode({
  type: 'showflow.whip-out',
  typeVersion: 1,
  title: 'WHIP out',
  category: 'output',
  description:
    'Publishes the program to a WHIP server over WebRTC as H.264 + Opus. The bearer token is the runtime secret SHOWFLOW_RESTREAM_KEY_<name>; https only (plain http to localhost); reconnects with backoff; shows bitrate, dropped frames and reconnects.',
  inputs: { frame: { type: 'frame' }, audio: { type: 'audio' } },
  outputs: {},
  config: WhipSettings,
  budgetMs: 15,
  setup(ctx): RestreamNodeState {
    const endpoint = whipEndpoint(ctx.config.url);
    const keys = restreamKeys(ctx.services);
    const { url: _url, tokenSecret, ...encoding } = ctx.config;
    checkTokenSecret(keys, tokenSecret);
    const { ice, ffmpegPath } = programOutService(ctx).egress;
    const output = new WhipPublisher({
      endpoint,
      token: () => (tokenSecret ? keys.get(tokenSecret) : undefined),
      settings: { ...encoding, hls: false, hlsListSize: 3, viewerMaxDelayMs: 0 },
      ice,
      ffmpegPath,
      redact: (text) => keys.redact(text),
      onProblem: (message) => ctx.log.warn(message),
    });
    ctx.setStatus('idle', 'waiting for frames');
    return { output, statusAt: -Infinity };
  },
  run: (ctx) => runRestream(ctx),
  async dispose(ctx) {
    await ctx.state.output.close();
  },
});
