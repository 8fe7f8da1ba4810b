import type { NodeServices } from '@showflow/nodes/sdk';
import type { IngestGateway } from '../gateway.ts';
import type { LiveAudio, LiveFrame, StreamState, StreamStatus } from '../stream-registry.ts';
import type { PipelineViewStats, PublishMeta, ViewerHub } from '../viewer-hub.ts';

/** The name under which the runtime provides the live service to nodes. */
export const LIVE_SERVICE = 'live';

/** What the capture and viewer-output nodes need from the runtime's ingest gateway and viewer hub. */
export interface LiveService {
  subscribe(streamId: string, listener: (frame: LiveFrame) => void): () => void;
  /** Decoded audio of the stream's tracks; optional so a runtime without audio ingest still serves video. */
  subscribeAudio?(streamId: string, listener: (audio: LiveAudio) => void): () => void;
  onState(streamId: string, listener: (state: StreamState) => void): () => void;
  status(streamId: string): StreamStatus;
  publish(pipelineId: string, jpeg: Buffer, meta: PublishMeta): void;
  viewerStats(pipelineId: string): PipelineViewStats;
}

export function createLiveService(gateway: IngestGateway, viewers: ViewerHub): LiveService {
  return {
    subscribe: (streamId, listener) => gateway.subscribe(streamId, listener),
    subscribeAudio: (streamId, listener) => gateway.subscribeAudio(streamId, listener),
    onState: (streamId, listener) => gateway.onState(streamId, listener),
    status: (streamId) => gateway.status(streamId),
    publish: (pipelineId, jpeg, meta) => viewers.publish(pipelineId, jpeg, meta),
    viewerStats: (pipelineId) => viewers.stats(pipelineId),
  };
}

function isLiveService(value: unknown): value is LiveService {
  const v = value as Partial<LiveService> | undefined;
  return typeof v?.subscribe === 'function' && typeof v.publish === 'function' && typeof v.status === 'function';
}

/** The runtime's live service, or a clear error naming what is missing. */
export function liveService(ctx: { services: NodeServices }): LiveService {
  const service = ctx.services.get(LIVE_SERVICE);
  if (service === undefined) {
    throw new Error(`this runtime provides no "${LIVE_SERVICE}" service: live capture and viewer output need the live module`);
  }
  if (!isLiveService(service)) throw new Error(`the "${LIVE_SERVICE}" service is not a live service`);
  return service;
}
