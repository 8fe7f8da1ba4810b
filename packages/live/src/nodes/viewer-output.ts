import { z } from 'zod';
import { defineNode } from '@showflow/nodes/sdk';
import { encodeJpeg } from '@showflow/nodes/pixels';
import { FrameRate } from './frame-rate.ts';
import { liveService, type LiveService } from './live-service.ts';

const config = z.object({
  /** JPEG quality for frames that reach this node undecoded-to-JPEG (raw or YUV); JPEG input is sent as is. */
  quality: z.number().int().min(1).max(100).default(75),
});

interface ViewerOutputState {
  service: LiveService;
  /** Viewers see one increasing sequence even when the sender reconnects or the slate takes over. */
  seq: number;
  rate: FrameRate;
  statusAt: number;
}

/**
 * Sends each composed frame to the pipeline's viewers (`POST /live/whep/<pipelineId>`),
 * newest frame only. The frame's capture time is kept, so a viewer's latency readout is
 * glass to glass: from the sender's camera to its own screen.
 */
export const viewerOutput = defineNode({
  type: 'showflow.viewer-output',
  typeVersion: 1,
  title: 'Viewer output',
  category: 'output',
  description:
    'Publishes every frame to the watch page of this pipeline over WebRTC (WHEP), as JPEG; raw and YUV frames are encoded here. Viewers measure glass-to-glass latency from the original capture time.',
  inputs: { frame: { type: 'frame' } },
  outputs: {},
  config,
  budgetMs: 15,
  setup: (ctx): ViewerOutputState => ({ service: liveService(ctx), seq: 0, rate: new FrameRate(), statusAt: -Infinity }),
  async run(ctx) {
    const frame = ctx.inputs.frame;
    if (!frame) return;
    const { state } = ctx;
    const jpeg = frame.encoding === 'jpeg' ? frame.data : await encodeJpeg(frame, ctx.config.quality);
    state.service.publish(ctx.pipelineId, jpeg, { seq: state.seq++, captureTs: frame.captureTs, width: frame.width, height: frame.height });
    const now = ctx.now();
    state.rate.mark(now);
    if (now - state.statusAt >= 1000) {
      state.statusAt = now;
      const { viewers } = state.service.viewerStats(ctx.pipelineId);
      ctx.setStatus('ok', `${viewers} viewer${viewers === 1 ? '' : 's'} · ${state.rate.perSecond(now)} fps`);
    }
  },
});
