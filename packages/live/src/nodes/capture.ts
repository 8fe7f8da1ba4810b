import { z } from 'zod';
import { defineNode, type AudioBlock, type BaseContext, type Frame, type StatusLevel } from '@showflow/nodes/sdk';
import { slateFrame } from '../slate.ts';
import type { StreamCounters } from '../stream-registry.ts';
import { FrameRate } from './frame-rate.ts';
import { pipelineFrame } from './live-frame.ts';
import { liveService, type LiveService } from './live-service.ts';
import { StreamId } from './stream-id.ts';

const config = z.object({
  /** The stream a sender goes live on (`POST /live/whip/<streamId>` with that stream's token). */
  streamId: StreamId.default('studio'),
  /** Size of the "no signal" slate; live frames keep the sender's size. */
  width: z.number().int().min(16).max(3840).default(1280),
  height: z.number().int().min(16).max(2160).default(720),
  /** Rate of slate frames while there is no signal. */
  fps: z.number().min(1).max(60).default(30),
});

type Config = z.output<typeof config>;

interface CaptureState {
  service: LiveService;
  slate: Buffer;
  slateSeq: number;
  /** Set on the first tick: from then on received frames are sent the moment they arrive. */
  emit?: (frame: Frame) => void;
  /** A frame that arrived before the first tick. */
  pending?: Frame;
  /** Set on the first tick, like `emit`; audio before it is not kept (it would be stale). */
  emitAudio?: (block: AudioBlock) => void;
  rate: FrameRate;
  /** Counters when this node started, so its status shows what happened while it ran. */
  baseline: StreamCounters;
  ownRejects: number;
  statusAt: number;
  /** When this node started: older stream errors are not shown. */
  startedAt: number;
  audioSeq: number;
  unsubscribe: () => void;
}

const STATUS_EVERY_MS = 1000;

/**
 * Frames from a live sender into the pipeline. Received frames are pushed downstream as
 * they arrive (not on the next tick), so ingest adds no waiting; the tick only keeps a
 * slate flowing while the stream has no signal, so every later node keeps running.
 */
export const capture = defineNode({
  type: 'showflow.capture',
  typeVersion: 1,
  title: 'Live capture',
  category: 'source',
  description:
    'Frames and sound from a browser (capture SDK) or any WHIP sender on a stream id. JPEG frames stay JPEG (decoded by the first node that needs pixels); video tracks (VP8, VP9, H.264, AV1) arrive as I420 (yuv420) frames; Opus audio comes out of the audio port as 10 ms 48 kHz blocks. Each carries its capture time (the sender’s clock where it sends RTCP reports; the status says when only arrival time is known) and a sequence number. Without a sender it shows "no signal" and sends a slate at the configured fps.',
  inputs: {},
  outputs: { frame: { type: 'frame' }, audio: { type: 'audio' } },
  config,
  budgetMs: 5,
  // Live frames are emitted on arrival; a late tick only delays a slate, so it is no loss.
  source: { intervalMs: (c) => 1000 / c.fps, lateTicks: 'skip' },
  async setup(ctx): Promise<CaptureState> {
    const service = liveService(ctx);
    const { streamId, width, height } = ctx.config;
    const state: CaptureState = {
      service,
      slate: await slateFrame({ width, height, text: `${streamId} · NO SIGNAL` }),
      slateSeq: 0,
      rate: new FrameRate(),
      baseline: service.status(streamId).counters,
      ownRejects: 0,
      statusAt: -Infinity,
      startedAt: Date.now(),
      audioSeq: 0,
      unsubscribe: () => undefined,
    };
    const unsubscribeAudio =
      service.subscribeAudio?.(streamId, (audio) => {
        const seq = state.audioSeq++;
        state.emitAudio?.({ sampleRate: audio.sampleRate, channels: audio.channels, samples: audio.samples, captureTs: audio.captureTs, clock: audio.clock, seq, id: `${ctx.nodeId}:audio#${seq}` });
      }) ?? (() => undefined);
    const unsubscribeFrames = service.subscribe(streamId, (received) => {
      const frame = pipelineFrame(ctx.nodeId, received);
      if (typeof frame === 'string') {
        state.ownRejects++;
        ctx.log.warn(frame);
        return;
      }
      const now = ctx.now();
      state.rate.mark(now);
      if (state.emit) state.emit(frame);
      else state.pending = frame;
      showStatus(ctx, state, now);
    });
    state.unsubscribe = () => {
      unsubscribeFrames();
      unsubscribeAudio();
    };
    showStatus(ctx, state, ctx.now());
    return state;
  },
  run(ctx) {
    const { state } = ctx;
    state.emit ??= (frame) => ctx.emit('frame', frame);
    state.emitAudio ??= (block) => ctx.emit('audio', block);
    const now = ctx.now();
    showStatus(ctx, state, now);
    if (state.pending) {
      const frame = state.pending;
      state.pending = undefined;
      return { frame };
    }
    if (state.service.status(ctx.config.streamId).state === 'live') return;
    const seq = state.slateSeq++;
    const { width, height } = ctx.config;
    return { frame: { width, height, channels: 3, encoding: 'jpeg', data: state.slate, seq, captureTs: now, id: `${ctx.nodeId}:slate#${seq}` } };
  },
  dispose(ctx) {
    ctx.state.unsubscribe();
  },
});

function showStatus(ctx: BaseContext<Config>, state: CaptureState, now: number): void {
  if (now - state.statusAt < STATUS_EVERY_MS) return;
  state.statusAt = now;
  const { setStatus } = ctx;
  const [level, text] = statusLine(state, state.service.status(ctx.config.streamId), now);
  setStatus(level, text);
}

function statusLine(state: CaptureState, status: ReturnType<LiveService['status']>, now: number): [StatusLevel, string] {
  const rejected = status.counters.rejected - state.baseline.rejected + state.ownRejects;
  const dropped = status.counters.dropped - state.baseline.dropped;
  const losses = [dropped > 0 ? `${dropped} dropped` : '', rejected > 0 ? `${rejected} rejected` : ''].filter(Boolean);
  const suffix = losses.length ? ` · ${losses.join(' · ')}` : '';
  const error = status.lastError && status.lastError.at >= state.startedAt ? status.lastError : undefined;
  if (status.state === 'live') {
    const audio = status.audioBlocks > 0 ? ' · audio' : '';
    // Without sender reports, capture time is arrival time: latency readouts miss the network and encoder.
    const clock = status.clock === 'arrival' ? ' · arrival time only' : '';
    return [losses.length || clock ? 'warn' : 'ok', `live · ${state.rate.perSecond(now)} fps${audio}${clock}${suffix}`];
  }
  if (error) return ['error', `no signal · ${error.code} ${error.message}${suffix}`];
  return ['warn', `no signal${suffix}`];
}

export type CaptureConfig = Config;
