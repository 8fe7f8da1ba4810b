import { defineNode } from '@showflow/nodes/sdk';
import { EncoderSettings } from '../encoder/encoder-settings.ts';
import type { ProgramOutput } from '../program-output.ts';
import { programOutService, type ProgramOutService } from '../service.ts';
import { feedOutput } from './feed-output.ts';

interface ProgramOutState {
  service: ProgramOutService;
  output: ProgramOutput;
  statusAt: number;
  framesAt: number;
  bytesAt: number;
}

/**
 * The program to real audiences: encodes what reaches it once (H.264 + Opus, one ffmpeg)
 * and serves it to every viewer over standard WHEP at `/live/program/<pipelineId>/whep`.
 * Any WHEP player (browsers with a plain RTCPeerConnection, OBS, GStreamer) can play it.
 */
export const programOut = defineNode({
  type: 'showflow.program-out',
  typeVersion: 1,
  title: 'Program out',
  category: 'output',
  description:
    'Encodes the program once (H.264 constrained baseline + Opus) and plays it to every viewer over standard WHEP (/live/program/<pipeline>/whep). Newest frame wins when the encoder is busy; silence fills audio gaps.',
  inputs: { frame: { type: 'frame' }, audio: { type: 'audio' } },
  outputs: {},
  config: EncoderSettings,
  budgetMs: 15,
  setup(ctx): ProgramOutState {
    const service = programOutService(ctx);
    const output = service.open(ctx.pipelineId, ctx.nodeId, ctx.config);
    ctx.setStatus('idle', 'waiting for frames');
    return { service, output, statusAt: -Infinity, framesAt: 0, bytesAt: 0 };
  },
  async run(ctx) {
    const { state } = ctx;
    if (!(await feedOutput(ctx, state.output, 'program out'))) return;
    const now = ctx.now();
    if (now - state.statusAt >= 1000) reportStatus(ctx.setStatus, state, now);
  },
  async dispose(ctx) {
    await ctx.state.service.release(ctx.state.output);
  },
});

function reportStatus(setStatus: (level: 'ok' | 'warn', text: string) => void, state: ProgramOutState, now: number): void {
  const stats = state.output.stats();
  const seconds = Number.isFinite(state.statusAt) ? (now - state.statusAt) / 1000 : 0;
  const fps = seconds > 0 ? (stats.framesIn - state.framesAt) / seconds : 0;
  const mbps = seconds > 0 ? ((stats.videoBytesOut + stats.audioBytesOut - state.bytesAt) * 8) / seconds / 1e6 : 0;
  state.statusAt = now;
  state.framesAt = stats.framesIn;
  state.bytesAt = stats.videoBytesOut + stats.audioBytesOut;
  const viewers = `${stats.viewers} viewer${stats.viewers === 1 ? '' : 's'}`;
  // Sound cut to stay with its picture is heard; it shows only once it happened.
  const soundCuts = stats.sound.gaps + stats.sound.dropped;
  const sound = soundCuts > 0 ? ` · ${soundCuts} sound cut${soundCuts === 1 ? '' : 's'}` : '';
  setStatus(stats.encoderRestarts > 0 && fps === 0 ? 'warn' : 'ok', `${viewers} · ${fps.toFixed(0)} fps · ${mbps.toFixed(2)} Mbit/s · ${stats.framesDropped} dropped${sound}`);
}
