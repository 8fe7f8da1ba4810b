import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { ChunkIngest } from './chunk-ingest.ts';
import { LiveError } from './errors.ts';
import { IngestBudget, type IngestAdmissionStatus, type IngestBudgetOptions } from './ingest-budget.ts';
import { supportedVideoCodecs } from './codec-support.ts';
import { preloadOpusDecoder } from './opus-packet-decoder.ts';
import { answerOffer, createPeerConnection, withBitrateHints, type IceOptions } from './peer-config.ts';
import { offerHasAudio, offerHasDataChannel, offerHasVideo, offeredCodecs } from './sdp-check.ts';
import { StreamRegistry, type LiveAudio, type LiveFrame, type StreamState, type StreamStatus } from './stream-registry.ts';
import { receiveWebRtcFrames } from './webrtc-ingest.ts';

/**
 * Stream tokens kept where every runtime instance reads them (a shared database), instead of
 * in this gateway's memory: each sender is checked against the current digest, so a token
 * made or replaced on one instance is honoured or refused on all of them at once.
 */
export interface SharedStreamTokens {
  /** Hex SHA-256 of the stream's current token, or undefined when the stream takes no senders. */
  digest(streamId: string): Promise<string | undefined>;
  /**
   * Consumes a one-time ticket issued for this stream by an instance that checked the
   * sender's token before redirecting it here; true once, while the ticket is fresh.
   */
  redeemTicket(streamId: string, ticket: string): Promise<boolean>;
}

export interface IngestGatewayOptions {
  /** Bearer token per stream id; more can be allowed later with `allowStream` or `allowStreamDigest`. */
  streams?: Record<string, string>;
  /** Tokens several instances share; when given, senders are checked against it rather than memory. */
  shared?: SharedStreamTokens;
  /** Concurrent sender sessions per stream (default 1: a second sender is refused, SF603). */
  maxSessionsPerStream?: number;
  /** Silence after which a stream shows `no signal` (default 2000 ms). */
  noSignalMs?: number;
  /** A session silent this long is closed, freeing its slot when a sender vanished without DELETE. */
  sessionIdleMs?: number;
  /** Larger frames are refused (SF605); default 4 MiB. */
  maxFrameBytes?: number;
  /** Video pictures with more pixels are refused (SF612) and the session ended; default 3840×2160. */
  maxPixels?: number;
  /**
   * A session with audio/video tracks that receives no RTP packet for this long is ended
   * (SF611), freeing the stream for the next sender; default 2500 ms.
   */
  mediaTimeoutMs?: number;
  /**
   * Runtime-wide limits for sessions that decode video (count and decoded pixel rate); an
   * offer beyond them is refused with 503 SF616 before any WebRTC work. Default unlimited.
   */
  ingestBudget?: IngestBudgetOptions;
  ice?: IceOptions;
  ffmpegPath?: string;
  /** Problems that affect one session or subscriber, never the gateway. */
  onProblem?: (message: string) => void;
}

export interface IngestSession {
  sessionId: string;
  streamId: string;
  transport: 'webrtc' | 'websocket';
  lastActivity: number;
  /** Last RTP packet of any track; unset until media flows (and for data-only sessions). */
  lastMedia?: number;
  close(): void;
}

export interface WhipAnswer {
  sessionId: string;
  answer: string;
}

/** A closable sender connection the gateway can time out; WebSocket ingest supplies one. */
export interface SocketLike {
  onMessage(listener: (data: Buffer | string) => void): void;
  onClose(listener: () => void): void;
  send(message: Buffer): void;
  close(code: number, reason: string): void;
}

export class IngestGateway {
  readonly maxFrameBytes: number;
  private readonly registry: StreamRegistry;
  private readonly tokens = new Map<string, Buffer>();
  private readonly sessions = new Map<string, IngestSession>();
  private readonly idleTimer: ReturnType<typeof setInterval>;
  private readonly options: Required<Omit<IngestGatewayOptions, 'streams' | 'ice' | 'shared' | 'ingestBudget'>> & { ice: IceOptions };
  private readonly shared?: SharedStreamTokens;
  private readonly budget: IngestBudget;

  constructor(options: IngestGatewayOptions = {}) {
    this.options = {
      maxSessionsPerStream: options.maxSessionsPerStream ?? 1,
      noSignalMs: options.noSignalMs ?? 2000,
      sessionIdleMs: options.sessionIdleMs ?? 10_000,
      maxFrameBytes: options.maxFrameBytes ?? 4 * 1024 * 1024,
      maxPixels: options.maxPixels ?? 3840 * 2160,
      mediaTimeoutMs: options.mediaTimeoutMs ?? 2500,
      ice: options.ice ?? {},
      ffmpegPath: options.ffmpegPath ?? 'ffmpeg',
      onProblem: options.onProblem ?? ((message) => console.warn(`[live] ${message}`)),
    };
    this.maxFrameBytes = this.options.maxFrameBytes;
    this.shared = options.shared;
    this.budget = new IngestBudget(options.ingestBudget);
    this.registry = new StreamRegistry(this.options.noSignalMs, (error, streamId) =>
      this.options.onProblem(`subscriber of stream ${streamId} threw: ${String(error)}`),
    );
    for (const [streamId, token] of Object.entries(options.streams ?? {})) this.allowStream(streamId, token);
    this.idleTimer = setInterval(() => this.closeIdleSessions(), Math.min(250, this.options.sessionIdleMs / 2, this.options.mediaTimeoutMs / 4));
    this.idleTimer.unref();
    // Failure shows on the first audio track that needs it (SF614), not here.
    preloadOpusDecoder().catch(() => undefined);
  }

  /** Only the token's SHA-256 is kept, so a memory dump or a persisted copy does not reveal it. */
  allowStream(streamId: string, token: string): void {
    this.tokens.set(streamId, tokenDigest(token));
  }

  /** Allows a stream by the hex SHA-256 of its token (as `tokenDigestHex` returns, e.g. read back from storage). */
  allowStreamDigest(streamId: string, sha256Hex: string): void {
    if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new Error(`stream ${streamId}: token digest must be 64 lowercase hex characters`);
    this.tokens.set(streamId, Buffer.from(sha256Hex, 'hex'));
  }

  /** Stream ids that accept senders. */
  allowedStreams(): string[] {
    return [...this.tokens.keys()];
  }

  /** Refuses new senders and ends the current ones. */
  revokeStream(streamId: string): void {
    this.tokens.delete(streamId);
    for (const session of this.sessions.values()) if (session.streamId === streamId) this.endSession(session.sessionId);
  }

  isAuthorized(streamId: string, token: string | undefined): boolean {
    const expected = this.tokens.get(streamId);
    if (!expected || token === undefined) return false;
    // Digests have one length, so the comparison time says nothing about the token.
    return timingSafeEqual(tokenDigest(token), expected);
  }

  /** Whether `token` lets a sender onto the stream: the shared tokens when there are, else this gateway's own. */
  async authorize(streamId: string, token: string | undefined): Promise<boolean> {
    if (!this.shared) return this.isAuthorized(streamId, token);
    if (token === undefined) return false;
    const hex = await this.shared.digest(streamId);
    if (!hex || !/^[0-9a-f]{64}$/.test(hex)) return false;
    return timingSafeEqual(tokenDigest(token), Buffer.from(hex, 'hex'));
  }

  /** A redirect ticket (see `SharedStreamTokens.redeemTicket`); false without shared tokens. */
  async redeemTicket(streamId: string, ticket: string): Promise<boolean> {
    return this.shared ? this.shared.redeemTicket(streamId, ticket) : false;
  }

  subscribe(streamId: string, listener: (frame: LiveFrame) => void): () => void {
    return this.registry.subscribe(streamId, listener);
  }

  subscribeAudio(streamId: string, listener: (audio: LiveAudio) => void): () => void {
    return this.registry.subscribeAudio(streamId, listener);
  }

  onState(streamId: string, listener: (state: StreamState) => void): () => void {
    return this.registry.onState(streamId, listener);
  }

  status(streamId: string): StreamStatus {
    return this.registry.status(streamId);
  }

  list(): StreamStatus[] {
    return this.registry.list();
  }

  session(sessionId: string): IngestSession | undefined {
    return this.sessions.get(sessionId);
  }

  /** How full the video ingest budget is, and how many offers it admitted and refused. */
  admission(): IngestAdmissionStatus {
    return this.budget.status();
  }

  /**
   * Answers a WHIP offer: data channel frames, video (VP8, VP9, H.264, AV1 as this ffmpeg
   * decodes them), Opus audio, in any combination. Caller has checked the token and SDP syntax.
   */
  async openWhipSession(streamId: string, offerSdp: string): Promise<WhipAnswer> {
    const hasVideo = offerHasVideo(offerSdp);
    const hasAudio = offerHasAudio(offerSdp);
    if (!offerHasDataChannel(offerSdp) && !hasVideo && !hasAudio) {
      throw new LiveError('SF607', 'the offer has neither a data channel nor a video or audio track', 400);
    }
    const video = hasVideo ? supportedVideoCodecs(this.options.ffmpegPath) : [];
    this.checkCodecs(offerSdp, video, hasAudio);
    this.reserveSlot(streamId);
    const sessionId = randomUUID();
    // Before the peer connection: a refused offer leaves no session, stream state or port behind.
    // Only video is budgeted; data channel frames and Opus cost little next to a video decoder.
    if (hasVideo) this.budget.admit(sessionId);
    const pc = createPeerConnection(this.options.ice, { video, audio: hasAudio });
    let stopIngest = () => {};
    const session: IngestSession = {
      sessionId,
      streamId,
      transport: 'webrtc',
      lastActivity: Date.now(),
      close: () => {
        stopIngest();
        void pc.close();
      },
    };
    this.addSession(session);
    stopIngest = receiveWebRtcFrames(pc, session, {
      registry: this.registry,
      maxFrameBytes: this.options.maxFrameBytes,
      maxPixels: this.options.maxPixels,
      ffmpegPath: this.options.ffmpegPath,
      onProblem: this.options.onProblem,
      onPicture: (width, height) => this.budget.recordPicture(sessionId, width, height),
      // Deferred: the failure is reported from inside the track's own packet handler.
      onFatal: () => setImmediate(() => this.endSession(sessionId)),
    });
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'failed' || state === 'closed') this.endSession(sessionId);
    });
    try {
      const answer = await answerOffer(pc, offerSdp);
      return { sessionId, answer: hasVideo ? withBitrateHints(answer) : answer };
    } catch (error) {
      this.endSession(sessionId);
      throw new LiveError('SF601', `the WebRTC stack refused the offer: ${(error as Error).message}`, 400);
    }
  }

  /** Adopts an authorized WebSocket as a sender session (the fallback transport). */
  acceptSocket(streamId: string, socket: SocketLike): IngestSession {
    this.reserveSlot(streamId);
    const session: IngestSession = {
      sessionId: randomUUID(),
      streamId,
      transport: 'websocket',
      lastActivity: Date.now(),
      close: () => socket.close(1000, 'session ended'),
    };
    this.addSession(session);
    const ingest = new ChunkIngest(streamId, this.registry, this.options.maxFrameBytes, (ack) => socket.send(ack));
    socket.onMessage((data) => {
      session.lastActivity = Date.now();
      ingest.push(data);
    });
    socket.onClose(() => this.endSession(session.sessionId));
    return session;
  }

  /** Returns false when there was no such session. */
  endSession(sessionId: string): boolean {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    this.sessions.delete(sessionId);
    this.budget.release(sessionId);
    this.registry.removeSession(session.streamId, sessionId);
    session.close();
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.idleTimer);
    for (const sessionId of [...this.sessions.keys()]) this.endSession(sessionId);
    this.registry.close();
  }

  hasFreeSlot(streamId: string): boolean {
    return this.registry.sessionCount(streamId) < this.options.maxSessionsPerStream;
  }

  private reserveSlot(streamId: string): void {
    const limit = this.options.maxSessionsPerStream;
    if (!this.hasFreeSlot(streamId)) {
      throw new LiveError('SF603', `stream ${streamId} already has ${limit} sender session(s); end one first`, 409);
    }
  }

  /** Refuses (SF613) an offer with a media section none of whose codecs can be decoded here. */
  private checkCodecs(offerSdp: string, video: string[], hasAudio: boolean): void {
    const names: Record<string, string> = { vp8: 'VP8', vp9: 'VP9', h264: 'H.264', av1: 'AV1' };
    for (const codecs of offeredCodecs(offerSdp, 'video')) {
      if (!codecs.some((codec) => video.includes(codec))) {
        const can = video.map((codec) => names[codec]).join(', ') || 'no video (ffmpeg has no decoder)';
        throw new LiveError('SF613', `the video track offers ${codecs.join(', ') || 'no codec'}; this gateway decodes ${can}`, 415);
      }
    }
    if (!hasAudio) return;
    for (const codecs of offeredCodecs(offerSdp, 'audio')) {
      if (!codecs.includes('opus')) throw new LiveError('SF613', `the audio track offers ${codecs.join(', ') || 'no codec'}; this gateway decodes Opus`, 415);
    }
  }

  private addSession(session: IngestSession): void {
    this.sessions.set(session.sessionId, session);
    this.registry.addSession(session.streamId, session.sessionId);
  }

  private closeIdleSessions(): void {
    const now = Date.now();
    const cutoff = now - this.options.sessionIdleMs;
    for (const session of [...this.sessions.values()]) {
      if (session.lastMedia !== undefined && session.lastMedia < now - this.options.mediaTimeoutMs) {
        const message = `no media from the sender for ${now - session.lastMedia} ms; session ${session.sessionId} ended`;
        this.registry.fail(session.streamId, 'SF611', message);
        this.options.onProblem(`SF611 stream ${session.streamId}: ${message}`);
        this.endSession(session.sessionId);
      } else if (session.lastActivity < cutoff) {
        this.options.onProblem(`session ${session.sessionId} of stream ${session.streamId} idle, closing`);
        this.endSession(session.sessionId);
      }
    }
  }
}

function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The hex SHA-256 under which a stream token is stored. */
export function tokenDigestHex(token: string): string {
  return tokenDigest(token).toString('hex');
}

export function createIngestGateway(options?: IngestGatewayOptions): IngestGateway {
  return new IngestGateway(options);
}
