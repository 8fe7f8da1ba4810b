import { randomBytes, randomUUID } from 'node:crypto';
import {
  createLiveService,
  tokenDigestHex,
  type IngestGateway,
  type LiveService,
  type PipelineViewStats,
  type StreamStatus,
  type ViewerHub,
} from '@showflow/live';
import type { StreamTokenStore } from './stream-tokens.ts';

export interface CreatedStream {
  streamId: string;
  /** Shown once: only its digest is kept. */
  token: string;
  /** Relative to the runtime's base URL. */
  whipUrl: string;
}

export interface StreamListing extends StreamStatus {
  /** Whether a sender with the right token may go live on it. */
  accepting: boolean;
  createdAt?: string;
}

/**
 * The live layer as the runtime holds it: what nodes use (`LiveService`), plus the stream
 * administration the API offers (tokens, listings, viewer counts).
 */
export class LiveRuntime implements LiveService {
  private readonly nodeService: LiveService;

  constructor(
    readonly gateway: IngestGateway,
    readonly viewers: ViewerHub,
    private readonly tokens: StreamTokenStore,
  ) {
    this.nodeService = createLiveService(gateway, viewers);
    for (const [streamId, stored] of tokens.entries()) gateway.allowStreamDigest(streamId, stored.tokenSha256);
  }

  subscribe: LiveService['subscribe'] = (streamId, listener) => this.nodeService.subscribe(streamId, listener);
  subscribeAudio: NonNullable<LiveService['subscribeAudio']> = (streamId, listener) => this.gateway.subscribeAudio(streamId, listener);
  onState: LiveService['onState'] = (streamId, listener) => this.nodeService.onState(streamId, listener);
  status: LiveService['status'] = (streamId) => this.nodeService.status(streamId);
  publish: LiveService['publish'] = (pipelineId, jpeg, meta) => this.nodeService.publish(pipelineId, jpeg, meta);
  viewerStats: LiveService['viewerStats'] = (pipelineId) => this.nodeService.viewerStats(pipelineId);

  /**
   * A new token for `streamId` (a fresh id when none is given). An existing stream gets a
   * new token: senders already live stay connected, new ones need the new token.
   */
  async createStream(streamId: string = `stream-${randomUUID().slice(0, 8)}`): Promise<CreatedStream> {
    const token = randomBytes(24).toString('base64url');
    const digest = tokenDigestHex(token);
    await this.tokens.put(streamId, digest);
    this.gateway.allowStreamDigest(streamId, digest);
    return { streamId, token, whipUrl: `/live/whip/${encodeURIComponent(streamId)}` };
  }

  streams(): StreamListing[] {
    const ids = new Set([...this.gateway.allowedStreams(), ...this.gateway.list().map((s) => s.streamId)]);
    return [...ids].sort().map((streamId) => ({
      ...this.gateway.status(streamId),
      accepting: this.gateway.allowedStreams().includes(streamId),
      createdAt: this.tokens.get(streamId)?.createdAt,
    }));
  }

  pipelineViewStats(): (PipelineViewStats & { pipelineId: string })[] {
    return this.viewers.pipelineIds().map((pipelineId) => ({ pipelineId, ...this.viewers.stats(pipelineId) }));
  }
}
