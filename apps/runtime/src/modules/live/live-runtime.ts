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
import type { StreamTokens } from './stream-tokens.ts';

/** Tickets for WHIP offers redirected to the instance running the stream (shared tokens only). */
export interface WhipTickets {
  issueTicket(streamId: string): Promise<string>;
}

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
    private readonly tokens: StreamTokens,
    private readonly tickets?: WhipTickets,
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

  /**
   * For an offer that reached an instance not running its stream: a one-time ticket to put in
   * the redirect's path when the sender's token is right, undefined when it is not (nothing
   * is written then). Undefined too without shared tokens, where no other instance could check it.
   */
  async ticketFor(streamId: string, token: string | undefined): Promise<string | undefined> {
    if (!this.tickets || !(await this.gateway.authorize(streamId, token))) return undefined;
    return this.tickets.issueTicket(streamId);
  }

  streams(): StreamListing[] {
    const accepting = new Set([...this.gateway.allowedStreams(), ...this.tokens.entries().map(([id]) => id)]);
    const ids = new Set([...accepting, ...this.gateway.list().map((s) => s.streamId)]);
    return [...ids].sort().map((streamId) => ({
      ...this.gateway.status(streamId),
      accepting: accepting.has(streamId),
      createdAt: this.tokens.get(streamId)?.createdAt,
    }));
  }

  pipelineViewStats(): (PipelineViewStats & { pipelineId: string })[] {
    return this.viewers.pipelineIds().map((pipelineId) => ({ pipelineId, ...this.viewers.stats(pipelineId) }));
  }
}
