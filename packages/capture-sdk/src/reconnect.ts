import { backoffDelay, classifyFailure, DeadPeerDetector, describeFailure, type BackoffOptions, type DeadPeerOptions } from './retry-policy.ts';
import type { FrameTransport } from './transport.ts';

export type CaptureState = 'connecting' | 'live' | 'reconnecting' | 'failed';

export interface CaptureStateDetail {
  /** Reconnect attempt under way (1 = the first after the session died). */
  attempt?: number;
  /** The gateway's code (SF602…), `HTTP <status>`, `network`, or `dead-peer`. */
  code?: string;
  status?: number;
  message?: string;
  transport?: FrameTransport['kind'];
}

export interface SupervisorOptions extends BackoffOptions, DeadPeerOptions {
  /** Opens a session; throws a `LiveClientError` (with the HTTP status) when refused. */
  connect(): Promise<FrameTransport>;
  /** A new session is live: wire its messages. */
  onTransport(transport: FrameTransport): void;
  onStateChange?(state: CaptureState, detail?: CaptureStateDetail): void;
  random?: () => number;
}

const HEALTH_EVERY_MS = 250;

/**
 * Keeps one sender session alive: when it closes, fails, or goes quiet (see
 * `DeadPeerDetector`), it ends it (best effort, so the gateway frees the stream) and opens a
 * new one with backoff, until a refusal that retrying cannot fix or `stop()`.
 */
export class TransportSupervisor {
  state: CaptureState = 'connecting';
  reconnects = 0;
  lastError?: string;
  /** The live session; undefined while reconnecting or failed. */
  current?: FrameTransport;
  /** The kind of the latest session. */
  kind: FrameTransport['kind'] = 'webrtc';
  private detector: DeadPeerDetector;
  private stopped = false;
  private healthTimer: ReturnType<typeof setInterval> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly o: SupervisorOptions) {
    this.detector = new DeadPeerDetector(o);
  }

  get connected(): boolean {
    return !this.stopped && this.state === 'live' && !!this.current?.open;
  }

  /** The first connect; throws like `connect()` does, without retrying. */
  async start(): Promise<void> {
    this.setState('connecting');
    try {
      this.adopt(await this.o.connect());
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  frameSent(now: number): void {
    this.detector.sent(now);
  }

  frameAcknowledged(): void {
    this.detector.acknowledged();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.healthTimer);
    this.wake?.();
    const current = this.current;
    this.current = undefined;
    await current?.close();
  }

  private adopt(transport: FrameTransport): void {
    this.current = transport;
    this.kind = transport.kind;
    this.detector = new DeadPeerDetector(this.o);
    transport.onClose((reason) => this.lost(transport, { code: 'closed', message: reason }));
    this.o.onTransport(transport);
    clearInterval(this.healthTimer);
    this.healthTimer = setInterval(() => {
      const reason = this.detector.check(performance.now(), transport.peerState);
      if (reason) this.lost(transport, { code: 'dead-peer', message: reason });
    }, HEALTH_EVERY_MS);
    this.setState('live', { transport: transport.kind });
  }

  private lost(transport: FrameTransport, why: { code: string; message: string }): void {
    if (this.stopped || transport !== this.current || this.state !== 'live') return;
    clearInterval(this.healthTimer);
    this.current = undefined;
    this.lastError = `${why.code}: ${why.message}`;
    // Best effort: frees the stream at the gateway if it is still there (a DELETE for WebRTC).
    void transport.close().catch(() => undefined);
    void this.reconnect(why);
  }

  private async reconnect(why: { code: string; message: string }): Promise<void> {
    let detail: CaptureStateDetail = why;
    let notBeforeMs = 0;
    for (let attempt = 1; ; attempt++) {
      this.setState('reconnecting', { ...detail, attempt });
      await this.sleep(Math.max(backoffDelay(attempt - 1, this.o, this.o.random), notBeforeMs));
      if (this.stopped) return;
      try {
        const transport = await this.o.connect();
        if (this.stopped) {
          await transport.close();
          return;
        }
        this.reconnects++;
        this.adopt(transport);
        return;
      } catch (error) {
        if (this.stopped) return;
        const verdict = classifyFailure(error);
        if (!verdict.retry) return this.fail(error);
        notBeforeMs = verdict.notBeforeMs ?? 0;
        detail = describeFailure(error);
        this.lastError = `${detail.code}: ${detail.message}`;
      }
    }
  }

  private fail(error: unknown): void {
    const failure = describeFailure(error);
    this.lastError = `${failure.code}: ${failure.message}`;
    this.setState('failed', failure);
  }

  private setState(state: CaptureState, detail?: CaptureStateDetail): void {
    this.state = state;
    try {
      this.o.onStateChange?.(state, detail);
    } catch {
      // A throwing callback must not stop the reconnect loop.
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
