import { randomUUID } from 'node:crypto';
import type { RTCPeerConnection, RTCRtpTransceiver } from 'werift';
import type { IceOptions } from '@showflow/live';
import type { EncoderSettings, InputPicture } from '../encoder/encoder-settings.ts';
import { ProgramEncoder } from '../encoder/program-encoder.ts';
import { ProgramOutError } from '../errors.ts';
import { Backoff } from '../restream/backoff.ts';
import type { RestreamStatus } from '../restream/restream-output.ts';
import { FanOut } from '../rtp/fan-out.ts';
import { KeyframeRequests } from '../rtp/keyframe-requests.ts';
import { createProgramPeer, iceGathered } from '../rtp/program-peer.ts';
import { deleteSession, postOffer } from './whip-signaling.ts';

export interface WhipPublisherOptions {
  endpoint: URL;
  /** Read when a session starts (the runtime secret), so a rotated token is used at the next attempt. */
  token(): string | undefined;
  settings: EncoderSettings;
  ice?: IceOptions;
  ffmpegPath?: string;
  /** Removes every secret from a text before it is shown or logged. */
  redact(text: string): string;
  onProblem(message: string): void;
  now?: () => number;
  /** How long ICE and DTLS may take after the answer before the attempt counts as failed. */
  connectTimeoutMs?: number;
  /** How long the POST may take. */
  requestTimeoutMs?: number;
}

interface Session {
  id: string;
  pc: RTCPeerConnection;
  video: RTCRtpTransceiver;
  audio: RTCRtpTransceiver;
  /** Each session encodes afresh: nothing is encoded while no server listens. */
  encoder: ProgramEncoder;
  aborter: AbortController;
  resource?: URL;
  connected: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Publishes the program to one WHIP server (RFC 9725): werift offers send-only H.264 + Opus
 * with every candidate, POSTs it with the bearer token, and sends the program encoder's
 * RTP through a one-peer fan-out, so the server's PLI/FIR force keyframes and its NACKs are
 * answered from history. A refused POST or a failed connection is retried with the
 * restream backoff; closing DELETEs the session resource (decision 0077).
 */
export class WhipPublisher {
  private readonly fanOut: FanOut;
  private readonly keyframeRequests: KeyframeRequests;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private session: Session | undefined;
  private closed = false;
  private reconnects = 0;
  private lastProblem: string | undefined;
  /** Counters of encoders of ended sessions, so the canvas totals never go back. */
  private ended = { framesDropped: 0, bytesSent: 0 };
  private rate = { at: 0, bytes: 0, kbps: 0 };

  constructor(private readonly options: WhipPublisherOptions) {
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
    this.backoff = new Backoff(this.now);
    this.keyframeRequests = new KeyframeRequests(() => performance.now());
    this.fanOut = new FanOut({
      onKeyframeWanted: (id) => {
        if (this.session?.id === id && this.keyframeRequests.admit(id)) this.session.encoder.requestKeyframe();
      },
    });
  }

  /** A picture for the server; the first one, and the first after a backoff, starts a session. */
  async writeFrame(i420: Buffer, picture: InputPicture, captureTs?: number): Promise<void> {
    if (this.closed) return;
    if (!this.session && this.backoff.mayTry()) this.connect();
    await this.session?.encoder.writeFrame(i420, picture, captureTs);
  }

  writeAudio(samples: Float32Array, channels: 1 | 2, captureTs?: number): void {
    this.session?.encoder.writeAudio(samples, channels, captureTs);
  }

  status(): RestreamStatus {
    const session = this.session;
    const state = session ? (session.connected ? 'live' : 'connecting') : this.reconnects > 0 ? 'reconnecting' : 'idle';
    return {
      state,
      kbps: this.measureKbps(),
      framesDropped: this.ended.framesDropped + (session?.encoder.counters.framesDropped ?? 0),
      reconnects: this.reconnects,
      ...(this.lastProblem ? { lastProblem: this.lastProblem } : {}),
      ...(state === 'reconnecting' ? { retryInMs: this.backoff.waitMs() } : {}),
    };
  }

  /** Ends the session on the server too (DELETE, bounded in time) and stops encoding. */
  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    if (session) await this.teardown(session);
  }

  private connect(): void {
    const pc = createProgramPeer(this.options.ice, { bundlePolicy: 'max-bundle' });
    const session: Session = {
      id: randomUUID(),
      pc,
      video: pc.addTransceiver('video', { direction: 'sendonly' }),
      audio: pc.addTransceiver('audio', { direction: 'sendonly' }),
      encoder: this.createEncoder(),
      aborter: new AbortController(),
      connected: false,
    };
    this.session = session;
    void this.negotiate(session).catch((err: unknown) => this.drop(session, describe(err)));
  }

  private async negotiate(session: Session): Promise<void> {
    const { pc } = session;
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc);
    const offer = pc.localDescription?.sdp;
    if (!offer) throw new Error('no offer after gathering');
    const signal = AbortSignal.any([session.aborter.signal, AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000)]);
    const answer = await postOffer(this.options.endpoint, offer, this.options.token(), signal);
    if (this.session !== session) {
      // Closed or dropped while the server was answering: end what it just created.
      void deleteSession(answer.resource, this.options.token(), this.options.endpoint);
      return;
    }
    session.resource = answer.resource;
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    if (!session.video.sender.codec && !session.audio.sender.codec) throw new ProgramOutError('SF646', 'the WHIP answer accepts neither H.264 video nor Opus audio', 502);
    if (this.session !== session) return;
    this.fanOut.add({ id: session.id, pc, video: session.video, audio: session.audio });
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') this.connected(session);
      if (state === 'failed' || state === 'closed') this.drop(session, `the WebRTC connection to the WHIP server ${state}`);
    });
    // A server ending the session sends a DTLS alert; werift closes the transport but leaves
    // the connection state alone until consent expires (30 s), so the transport is watched too.
    session.video.sender.dtlsTransport?.onStateChange.subscribe((state) => {
      if (state === 'closed' || state === 'failed') this.drop(session, `the WHIP server ended the DTLS session (${state})`);
    });
    const timeoutMs = this.options.connectTimeoutMs ?? 15_000;
    session.timer = setTimeout(() => {
      if (!session.connected) this.drop(session, `ICE/DTLS did not connect within ${timeoutMs / 1000} s of the answer`);
    }, timeoutMs);
  }

  private connected(session: Session): void {
    if (this.session !== session || session.connected) return;
    session.connected = true;
    clearTimeout(session.timer);
    this.backoff.started();
    // The encoder's first keyframe went out before the path was up: the server gets one now.
    session.encoder.requestKeyframe();
  }

  private drop(session: Session, problem: string): void {
    if (this.session !== session || this.closed) return;
    this.session = undefined;
    this.reconnects++;
    const delay = this.backoff.failed();
    this.lastProblem = `SF646 ${this.options.redact(problem)}`;
    this.options.onProblem(`WHIP to ${this.options.endpoint.href} dropped, retrying in ${Math.round(delay / 1000)} s: ${this.lastProblem}`);
    void this.teardown(session);
  }

  private async teardown(session: Session): Promise<void> {
    clearTimeout(session.timer);
    session.aborter.abort();
    const sent = this.fanOut.stats().find((v) => v.id === session.id)?.bytesSent ?? 0;
    this.fanOut.remove(session.id);
    this.keyframeRequests.forget(session.id);
    this.ended.framesDropped += session.encoder.counters.framesDropped;
    this.ended.bytesSent += sent;
    await Promise.all([
      session.pc.close().catch(() => undefined),
      session.encoder.close(),
      session.resource ? deleteSession(session.resource, this.options.token(), this.options.endpoint) : undefined,
    ]);
  }

  private createEncoder(): ProgramEncoder {
    const encoder: ProgramEncoder = new ProgramEncoder({
      settings: this.options.settings,
      ffmpegPath: this.options.ffmpegPath,
      now: this.options.now,
      onProblem: (message) => this.options.onProblem(`WHIP encoder: ${message}`),
      onRtp: ({ kind, packet }) => {
        // A closing session's encoder may still flush packets; they belong to no one now.
        if (this.session?.encoder !== encoder) return;
        if (kind === 'video') this.fanOut.sendVideo(packet);
        else this.fanOut.sendAudio(packet);
      },
    });
    return encoder;
  }

  /** Bits handed to the server per second since the previous status. */
  private measureKbps(): number {
    const now = this.now();
    const current = this.fanOut.stats().reduce((sum, v) => sum + v.bytesSent, 0);
    const bytes = this.ended.bytesSent + current;
    if (this.rate.at && now > this.rate.at) this.rate.kbps = Math.round(((bytes - this.rate.bytes) * 8) / (now - this.rate.at));
    this.rate.at = now;
    this.rate.bytes = bytes;
    return this.session?.connected ? this.rate.kbps : 0;
  }
}

function describe(err: unknown): string {
  if (err instanceof ProgramOutError) return err.message;
  const error = err as Error & { cause?: { message?: string } };
  if (error.name === 'TimeoutError') return 'the WHIP server did not answer in time';
  return `could not reach the WHIP server: ${error.message}${error.cause?.message ? ` (${error.cause.message})` : ''}`;
}
