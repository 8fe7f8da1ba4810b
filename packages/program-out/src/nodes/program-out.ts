import { defineNode } from '@showflow/nodes/sdk';
import { yuvFrame } from '@showflow/nodes/pixels';
import { EncoderSettings } from '../encoder/encoder-settings.ts';
import { ProgramOutError } from '../errors.ts';
import type { ProgramOutput } from '../program-output.ts';
import { programOutService, type ProgramOutService } from '../service.ts';

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
    if (ctx.trigger === 'audio') {
      const block = ctx.inputs.audio;
      if (!block) return;
      if (block.sampleRate !== 48_000) throw new ProgramOutError('SF641', `audio block ${block.id} is ${block.sampleRate} Hz; program out takes 48 kHz`);
      state.output.writeAudio(block.samples, block.channels, block.captureTs);
      return;
    }
    const frame = ctx.inputs.frame;
    if (!frame) return;
    const i420 = await yuvFrame(ctx.frames, frame);
    // The frame's buffer goes back to the pool when this run settles; ffmpeg may still be
    // reading it then, so the encoder gets its own copy.
    await state.output.writeFrame(Buffer.from(i420.data), { width: i420.width, height: i420.height }, frame.captureTs);
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
  setStatus(stats.encoderRestarts > 0 && fps === 0 ? 'warn' : 'ok', `${viewers} · ${fps.toFixed(0)} fps · ${mbps.toFixed(2)} Mbit/s · ${stats.framesDropped} dropped`);
}
